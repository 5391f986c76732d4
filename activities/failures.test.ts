import { ApplicationFailure } from '@temporalio/common';
import { asNonRetryableDataFailure, dataExceptionOf } from './failures';

/** The shape pg gives a server error, with knex's SQL in front of the message. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(`update "tasks" set "result" = $1 - ${message}`), { code, severity: 'ERROR' });
}

describe('PostgreSQL data exceptions in activities', () => {
  it.each(['22021', '22P05', '22003', '22P02', '22007'])('turns SQLSTATE %s into a non-retryable UNSTORABLE_DATA failure', (code) => {
    const failure = asNonRetryableDataFailure(pgError(code, 'invalid byte sequence for encoding "UTF8": 0x00'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'UNSTORABLE_DATA', nonRetryable: true, message: expect.stringContaining(`SQLSTATE ${code}: invalid byte sequence`) });
    expect((failure as ApplicationFailure).message).not.toContain('update "tasks"');
  });

  it('finds the data exception behind a wrapping error', () => {
    expect(dataExceptionOf(new Error('write failed', { cause: pgError('22P05', 'unsupported Unicode escape sequence') }))).toEqual({ code: '22P05', message: 'unsupported Unicode escape sequence' });
  });

  it.each([
    ['a connection error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a unique violation', pgError('23505', 'duplicate key')],
    ['a serialization failure', pgError('40001', 'could not serialize')],
    ['a plain error', new TypeError('x is undefined')],
  ])('leaves %s to the retry policy', (_name, err) => {
    expect(asNonRetryableDataFailure(err)).toBe(err);
  });
});
