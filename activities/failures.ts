import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { UNSTORABLE_DATA } from '../domain/failures';

/** SQLSTATE class 22 (data exception): 22021 bad byte sequence, 22P05 untranslatable character, 22003 out of range... */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** The PostgreSQL data exception behind an error (knex and pg pass the server's error through), if any. */
export function dataExceptionOf(err: unknown): { code: string; message: string } | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && DATA_EXCEPTION.test(code)) {
      // knex puts the SQL in front of the server's message; the person needs only the latter.
      const text = typeof message === 'string' ? message.split(' - ').pop()! : 'data exception';
      return { code, message: text };
    }
  }
  return undefined;
}

/** A data exception becomes a non-retryable failure: the same value would be refused on every retry. */
export function asNonRetryableDataFailure(err: unknown): unknown {
  const data = dataExceptionOf(err);
  if (!data) return err;
  return ApplicationFailure.create({
    type: UNSTORABLE_DATA,
    message: `the database cannot store a value in this change (SQLSTATE ${data.code}: ${data.message})`,
    nonRetryable: true,
    details: [{ sqlState: data.code }],
  });
}

const inbound: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    try {
      return await next(input);
    } catch (err) {
      throw asNonRetryableDataFailure(err);
    }
  },
};

/** For the central worker: every activity that touches the database fails for good on a data exception. */
export const dataExceptionInterceptors: ActivityInterceptorsFactory = () => ({ inbound });
