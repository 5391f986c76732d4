import type { ErrorRequestHandler, RequestHandler } from 'express';

/** An error a client can act on: it becomes `{error:{code,message}}` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', `no endpoint ${req.method} ${req.path}`));
};

/** body-parser's and express's own error types, as the codes clients see. */
const FRAMEWORK_CODES: Record<string, [code: string, message: string]> = {
  'entity.parse.failed': ['INVALID_JSON', 'the request body is not valid JSON'],
  'entity.too.large': ['BODY_TOO_LARGE', 'the request body is too large'],
  'charset.unsupported': ['UNSUPPORTED_CHARSET', 'send the body as UTF-8'],
  'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'send the body uncompressed, or as gzip, deflate or br'],
  'request.size.invalid': ['INVALID_BODY', 'the request body does not match its Content-Length'],
  'request.aborted': ['INVALID_BODY', 'the request was aborted'],
  'parameters.too.many': ['INVALID_BODY', 'the request body has too many parameters'],
  'stream.encoding.set': ['INVALID_BODY', 'the request body could not be read'],
};

const GENERIC_CODES: Record<number, string> = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'BODY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/** What libraries hang on their errors: http-errors' status and type, PostgreSQL's SQLSTATE. */
type LibraryError = { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown; code?: unknown; severity?: unknown } | null | undefined;

/** A 4xx that a library put on its error (body-parser, express's router): the client's mistake. */
function clientErrorOf(err: LibraryError): HttpError | undefined {
  const status = Number(err?.status ?? err?.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return undefined;
  const known = typeof err?.type === 'string' && Object.hasOwn(FRAMEWORK_CODES, err.type) ? FRAMEWORK_CODES[err.type] : undefined;
  if (known) return new HttpError(status, known[0], known[1]);
  // The router marks a path parameter that is not valid percent-encoding with a 400 URIError.
  if (err instanceof URIError) return new HttpError(400, 'INVALID_PATH', 'the path holds a malformed %-escape');
  return new HttpError(status, GENERIC_CODES[status] ?? 'BAD_REQUEST', err?.expose && typeof err.message === 'string' ? err.message : 'the request was refused');
}

/**
 * A PostgreSQL error that names the client's input (SQLSTATE class 22 data exception, or a
 * broken constraint) rather than our fault. A safety net: routes should refuse such input first.
 */
function databaseErrorOf(err: LibraryError): HttpError | undefined {
  const code = typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) && typeof err.severity === 'string' ? err.code : undefined;
  if (!code) return undefined;
  if (code.startsWith('22')) return new HttpError(400, 'INVALID_VALUE', 'a value in the request cannot be stored (too large, not a number, or text with a NUL character)');
  if (code === '23505') return new HttpError(409, 'CONFLICT', 'a record with the same unique value exists already');
  if (code === '23503') return new HttpError(400, 'UNKNOWN_REFERENCE', 'the request refers to a record that does not exist');
  return undefined;
}

export function errorHandler(log: Pick<Console, 'error'> = console): ErrorRequestHandler {
  return (err, _req, res, next) => {
    // Part of the answer is on its way: only express can end it (it closes the connection).
    if (res.headersSent) return next(err);
    const known = err instanceof HttpError ? err : (clientErrorOf(err) ?? databaseErrorOf(err));
    if (known) {
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } });
      return;
    }
    log.error(err);
    res.status(500).json({ error: { code: 'INTERNAL', message: 'something went wrong on our side; nothing was half-done' } });
  };
}
