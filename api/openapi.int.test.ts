import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { listen } from '../test/support/http';
import { createApp } from './app';
import { openApiDocument } from './openapi';

// No operation here reaches Temporal; the client is never connected.
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  t = await createTestDatabase();
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway }));
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

it('serves the OpenAPI document', async () => {
  const res = await fetch(`${api.baseUrl}/api/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as typeof openApiDocument;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/payments', '/api/tasks', '/api/tasks/{id}/complete', '/api/auth/login']));
});

it('describes only operations the app has, each with its answers', async () => {
  for (const [path, operations] of Object.entries(openApiDocument.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, { responses: object }>)) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await fetch(`${api.baseUrl}${url}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
      const body = await res.text();
      // Unauthenticated calls get 401 (or 400 for the login form), never "no endpoint".
      expect({ operation: `${method} ${path}`, noEndpoint: res.status === 404 && body.includes('no endpoint') }).toEqual({ operation: `${method} ${path}`, noEndpoint: false });
    }
  }
});
