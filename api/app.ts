import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/connection';
import { customerRoutes } from './customers/routes';
import { errorHandler, notFound } from './errors';
import { paymentRoutes } from './payments/routes';

export interface ApiDependencies {
  db: Db;
  temporal: Client;
  log?: Pick<Console, 'error' | 'warn'>;
}

export function createApp({ db, temporal, log = console }: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api/payments', paymentRoutes(db, temporal));
  app.use('/api/customers', customerRoutes(db));
  app.use('/api', notFound);
  app.use(errorHandler(log));
  return app;
}
