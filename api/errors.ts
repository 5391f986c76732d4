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

export function errorHandler(log: Pick<Console, 'error'> = console): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      return;
    }
    // body-parser marks malformed JSON and oversized bodies with a status.
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'INVALID_JSON', message: 'the request body is not valid JSON' } });
      return;
    }
    if (err?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: 'the request body is too large' } });
      return;
    }
    log.error(err);
    res.status(500).json({ error: { code: 'INTERNAL', message: 'something went wrong on our side; nothing was half-done' } });
  };
}
