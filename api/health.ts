import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import type { Db } from '../db/connection';

export type DependencyState = 'up' | 'down';

export interface Health {
  ok: boolean;
  dependencies: { database: DependencyState; temporal: DependencyState };
}

/** How long one dependency may take to answer before it counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Asks each dependency the cheapest question it answers only when it works. */
export async function checkHealth(db: Db, temporal: Client): Promise<Health> {
  const [database, temporalState] = await Promise.all([
    probe(() => db.raw('select 1')),
    probe(() => temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({}))),
  ]);
  return { ok: database === 'up' && temporalState === 'up', dependencies: { database, temporal: temporalState } };
}

/** `GET /api/health`: 200 when every dependency answers, 503 (with which one) when one does not. */
export function healthRoute(db: Db, temporal: Client): RequestHandler {
  return async (_req, res) => {
    const health = await checkHealth(db, temporal);
    res.status(health.ok ? 200 : 503).json(health);
  };
}
