/** What every refusal answers (api/errors.ts): the UI shows the code in the reader's language. */
import { z } from 'zod/v4';

/** `{error:{code,message,details?}}` with its 4xx or 5xx status. */
export const apiError = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe('machine-readable, e.g. INVALID_NOTE; the UI translates it'),
      message: z.string().describe('English, for developers and logs'),
      details: z.unknown().optional().describe('what the code needs to be acted on, e.g. {reason} or the list of problems'),
    }),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof apiError>;

/** A refused field of a request body, as `details` of INVALID_* refusals list them (api/validate.ts). */
export const fieldProblem = z.strictObject({ field: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof fieldProblem>;
