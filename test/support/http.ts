import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

/** Serves an express app on a loopback port for the length of a test file. */
export async function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Logs `username` in and answers the session cookie to send as `cookie:`. */
export async function sessionCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`log-in of ${username} answered ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export type Auth = { cookie?: string; token?: string };
type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * A JSON client for one API that checks every 2xx answer against the contract the OpenAPI
 * document names for that path, method and status (the path as OpenAPI spells it, `{id}`).
 * Imports the OpenAPI operations lazily, so tests that never call it do not load them.
 */
export function contractClient(baseUrl: () => string) {
  // Tests read answers freely; the contract check above each 2xx is what types them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call(method: Method, path: string, url: string, auth: Auth, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl()}${url}`, {
      method: method.toUpperCase(),
      headers: { 'content-type': 'application/json', ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status < 300) {
      const { operations } = await import('../../api/openapi');
      const answer = operations[path]?.[method]?.answers[res.status];
      expect({ path, status: res.status, described: Boolean(answer?.schema) }).toEqual({ path, status: res.status, described: true });
      const parsed = answer!.schema!.safeParse(json);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
    return { status: res.status, body: json };
  };
}
