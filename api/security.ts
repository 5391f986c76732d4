import type { RequestHandler } from 'express';
import { readCookie, SESSION_COOKIE } from './auth/sessions';
import { HttpError } from './errors';

/**
 * For the built react-admin UI: its own scripts only; MUI (emotion) injects <style> tags,
 * hence inline styles; no framing by anyone (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer; API answers carry personal data, so no cache keeps them. */
export const securityHeaders: RequestHandler = (req, res, next) => {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  if (req.path === '/api' || req.path.startsWith('/api/')) res.set('Cache-Control', 'no-store');
  next();
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser's state change riding on the session cookie must come from our own pages: a
 * present Origin that differs from the request's own host answers 403. Machines (Bearer
 * token) and clients that send no Origin (curl, scripts) are not browsers on another site.
 */
export const sameOriginForSessions: RequestHandler = (req, _res, next) => {
  const origin = req.get('origin');
  if (!STATE_CHANGING.has(req.method) || origin === undefined || req.get('authorization') || readCookie(req, SESSION_COOKIE) === undefined) return next();
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined; // "null" (a sandboxed or file: page) or garbage: not our origin.
  }
  // req.host is the Host header, or X-Forwarded-Host from a proxy named in TRUST_PROXY.
  if (host && host === req.host) return next();
  next(new HttpError(403, 'BAD_ORIGIN', `a state change from ${origin} is refused; use Gridflow's own pages`));
};

/**
 * TRUST_PROXY: which proxies may tell the client's address in X-Forwarded-For. Unset or
 * "none" trusts none (anyone could forge the header); otherwise express's own syntax: a hop
 * count, or addresses, subnets and the names loopback, linklocal, uniquelocal, comma-separated.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'none' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((part) => part.trim()).filter(Boolean);
}
