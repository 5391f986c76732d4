import path from 'node:path';
import { existsSync } from 'node:fs';
import express from 'express';
import type { Client } from '@temporalio/client';
import type { MessageGateway } from '../activities/messaging/gateway';
import type { Db } from '../db/connection';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { loadSessionUser } from './auth/sessions';
import { caseRoutes } from './cases/routes';
import { customerRoutes } from './customers/routes';
import { dashboardRoutes } from './dashboard';
import { disconnectionOutcomeRoutes } from './disconnections/outcomes';
import { disconnectionRoutes } from './disconnections/routes';
import { errorHandler, notFound } from './errors';
import { healthRoute } from './health';
import { eventRoutes } from './events/routes';
import { openApiDocument } from './openapi';
import { outboxRoutes } from './outbox/routes';
import { paymentRoutes } from './payments/routes';
import { policyRoutes } from './policies/routes';
import { processRoutes } from './processes/routes';
import { reportRoutes } from './reports/routes';
import { repairRoutes } from './repair/routes';
import { relocationRoutes } from './relocation/routes';
import { revisitRoutes } from './revisit/routes';
import { smsInboundRoutes } from './sms/inbound';
import { parseTrustProxy, sameOriginForSessions, securityHeaders } from './security';
import { segmentRoutes } from './segments/routes';
import { serviceTokenRoutes } from './service-tokens-routes';
import { settingsRoutes } from './settings/routes';
import { taskRoutes } from './tasks/routes';
import { refuseUnstorableText } from './unstorable-text';
import { userRoutes } from './users/routes';
import { workOrderRoutes } from './work-orders/routes';

export interface ApiDependencies {
  db: Db;
  temporal: Client;
  /** For urging (催单): the current handler is texted at once. */
  gateway: MessageGateway;
  /** The built back-office UI, served on the same origin; omitted in API-only tests. */
  uiDirectory?: string;
  log?: Pick<Console, 'error' | 'warn'>;
  /** Proxies trusted for X-Forwarded-For (see parseTrustProxy); defaults to env TRUST_PROXY, unset = none. */
  trustProxy?: string;
}

export const DEFAULT_UI_DIRECTORY = path.resolve(__dirname, '../admin-ui/dist');

export function createApp({ db, temporal, gateway, uiDirectory, log = console, trustProxy = process.env.TRUST_PROXY }: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(trustProxy));
  app.use(securityHeaders);
  // An application may list 10,000 customer ids; body-parser skips a body already parsed.
  app.post('/api/disconnections', express.json({ limit: '1mb' }));
  app.use(express.json({ limit: '100kb' }));
  // Before any route: text PostgreSQL cannot store is refused whole, not half-written.
  app.use(refuseUnstorableText);
  app.get('/api/health', healthRoute(db, temporal));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/api', sameOriginForSessions);
  app.use('/api', loadSessionUser(db));
  app.use('/api/auth', authRoutes(db));
  app.use('/api/dashboard', dashboardRoutes(db));
  app.use('/api/payments', paymentRoutes(db, temporal));
  app.use('/api/customers', customerRoutes(db));
  app.use('/api/tasks', taskRoutes(db, temporal, gateway, log));
  app.use('/api/cases', caseRoutes(db));
  app.use('/api/disconnections', disconnectionRoutes(db, temporal));
  app.use('/api/disconnection_outcomes', disconnectionOutcomeRoutes(db));
  app.use('/api/segments', segmentRoutes(db));
  app.use('/api/work_orders', workOrderRoutes(db));
  app.use('/api/outbox', outboxRoutes(db));
  app.use('/api/events', eventRoutes(db));
  app.use('/api/users', userRoutes(db));
  app.use('/api/service_tokens', serviceTokenRoutes(db));
  app.use('/api/settings', settingsRoutes(db));
  app.use('/api/processes', processRoutes(db));
  app.use('/api/policies', policyRoutes(db));
  app.use('/api/audit', auditRoutes(db, temporal));
  app.use('/api/reports', reportRoutes(db));
  app.use('/api', repairRoutes(db, temporal, gateway));
  app.use('/api', relocationRoutes(db, temporal));
  app.use('/api', revisitRoutes(db, temporal));
  app.use('/api', smsInboundRoutes(db, temporal));
  app.use('/api', notFound);
  if (uiDirectory && existsSync(uiDirectory)) {
    app.use(express.static(uiDirectory, { index: false, maxAge: '1h' }));
    // The UI routes in the browser: every other GET gets its page.
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(path.join(uiDirectory, 'index.html')));
  }
  app.use(errorHandler(log));
  return app;
}
