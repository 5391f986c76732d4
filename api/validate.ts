import type { z } from 'zod/v4';
import { HttpError } from './errors';

/** One problem with a request body, as `details` of the refusal lists them. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Checks a request body against its contract (domain/contracts): the parsed value, or a 400
 * with the route's code, every problem in the message and in `details` as {field, message}.
 * The code is the one of the first problem's field, so a route keeps the codes clients know.
 * No body at all reads as `{}`: the contract then names what is missing.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, code: string, codeOf?: (field: string) => string | undefined): z.output<S> {
  const parsed = schema.safeParse(body === undefined ? {} : body);
  if (parsed.success) return parsed.data;
  const problems: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
  const first = problems[0]?.field.split('.')[0] ?? '';
  throw new HttpError(400, codeOf?.(first) ?? code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}
