/**
 * The designers' catalogue (api/processes/routes.ts): each registered process
 * (domain/processes.ts), its step graph, the cases open at each step and the time spent in each.
 */
import { z } from 'zod/v4';
import { ROLES } from '../permissions';
import { PROCESS_IDS } from '../processes';
import { id, timestamp } from './common';

export const processId = z.enum(PROCESS_IDS as [string, ...string[]]);

export const processRecord = z
  .strictObject({
    id: processId,
    caseType: processId,
    /** Its workflow types, as Temporal names them. */
    workflows: z.array(z.string()),
    policyKey: z.string(),
    start: z.string(),
    steps: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.enum(['person', 'system', 'end']),
        /** Repeats, stored as `<step>-<n>` (approval level n, close command n). */
        numbered: z.boolean(),
        /** The task a person step opens. */
        task: z.string().optional(),
      }),
    ),
    edges: z.array(z.strictObject({ from: z.string(), to: z.string(), when: z.string().optional().describe('catalog code app.graph.<when>') })),
    tasks: z.array(z.strictObject({ id: z.string(), roles: z.array(z.enum(ROLES)) })),
    openCases: z.int().min(0),
    /** Running cases by the step they wait at (a numbered step counts all its instances). */
    waiting: z.array(z.strictObject({ step: z.string(), count: z.int().min(1) })),
    /** Closed stays per step over the last 30 days. */
    durations: z.array(z.strictObject({ step: z.string(), count: z.int().min(1), p50Seconds: z.int().min(0), p95Seconds: z.int().min(0) })),
    policy: z.strictObject({ id, version: z.int().min(1), effectiveAt: timestamp.nullable() }).nullable(),
  })
  .meta({ id: 'Process' });
export type ProcessRecord = z.infer<typeof processRecord>;
