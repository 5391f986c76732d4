import { Router } from 'express';
import type { Db } from '../../db/connection';
import { policyVersionInForce } from '../../db/queries/policies';
import type { PolicyKey } from '../../domain/policies/keys';
import type { ProcessDescriptor } from '../../domain/process';
import { isProcessId, processById, PROCESSES, type ProcessId } from '../../domain/processes';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { iso } from '../lists';
import { timeInSteps, waitingAtSteps } from './catalogue';

/** The policy version in force, as the workflows read it. */
async function policyInForce(db: Db, key: PolicyKey): Promise<{ id: number; version: number; effectiveAt: string | null } | null> {
  const inForce = await policyVersionInForce(db, key);
  return inForce ? { id: inForce.id, version: inForce.version, effectiveAt: iso(inForce.effectiveAt) } : null;
}

async function present(db: Db, process: ProcessDescriptor<ProcessId>) {
  const [waiting, durations, policy] = await Promise.all([waitingAtSteps(db, process), timeInSteps(db, process), policyInForce(db, process.policyKey as PolicyKey)]);
  return {
    id: process.id,
    caseType: process.caseType,
    policyKey: process.policyKey,
    workflows: [...process.workflows],
    start: process.start,
    steps: Object.entries(process.steps).map(([id, def]) => {
      const step = def as { kind: 'person' | 'system' | 'end'; numbered?: boolean; task?: string };
      return { id, kind: step.kind, numbered: step.numbered ?? false, ...(step.task ? { task: step.task } : {}) };
    }),
    edges: process.edges.map((edge) => ({ from: edge.from, to: edge.to, ...('when' in edge && edge.when ? { when: edge.when } : {}) })),
    tasks: Object.entries(process.tasks).map(([id, def]) => ({ id, roles: [...(def as { roles: readonly string[] }).roles] })),
    openCases: waiting.reduce((sum, at) => sum + at.count, 0),
    waiting,
    durations,
    policy,
  };
}

/** The designers' catalogue: every registered process, its graph, and how its cases are doing. */
export function processRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('processes', 'list'), async (_req, res) => {
    const all = await Promise.all(PROCESSES.map((process) => present(db, process)));
    res.set('Content-Range', `processes 0-${all.length - 1}/${all.length}`).json(all);
  });
  router.get('/:id', allow('processes', 'show'), async (req, res) => {
    const id = String(req.params.id);
    if (!isProcessId(id)) throw new HttpError(404, 'NOT_FOUND', `no process ${id}`);
    res.json(await present(db, processById(id)));
  });
  return router;
}
