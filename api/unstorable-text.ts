import type { RequestHandler } from 'express';
import { isStorableText } from '../domain/storable-text';
import { findUnstorableText, unstorableTextMessage } from '../domain/storable-value';
import { HttpError } from './errors';

/** Query values that look like JSON (`filter`, `sort`, `range`) are read as the lists read them. */
function parsedJson(text: string): unknown {
  if (!/^\s*[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the list parser answers a malformed parameter itself
  }
}

function unstorableInQuery(query: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(query)) {
    if (!isStorableText(name)) return 'a query parameter name';
    for (const text of Array.isArray(value) ? value : [value]) {
      const where = findUnstorableText(text, `query parameter ${name}`) ?? (typeof text === 'string' ? findUnstorableText(parsedJson(text), `query parameter ${name}`) : undefined);
      if (where) return where;
    }
  }
  return undefined;
}

function unstorableInPath(path: string): string | undefined {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue; // not UTF-8 percent-encoding: the router answers INVALID_PATH
    }
    if (!isStorableText(decoded)) return 'the path';
  }
  return undefined;
}

/**
 * Refuses, before any route runs, a request whose path, query or JSON body holds text
 * PostgreSQL cannot store (NUL, lone surrogates): such a value would fail half-way through
 * a change, or wedge the workflow that tries to write it.
 */
export const refuseUnstorableText: RequestHandler = (req, _res, next) => {
  const where = unstorableInPath(req.path) ?? unstorableInQuery(req.query as Record<string, unknown>) ?? findUnstorableText(req.body, 'the body');
  next(where ? new HttpError(400, 'UNSTORABLE_TEXT', unstorableTextMessage(where)) : undefined);
};
