import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type * as workflows from '../../workflows';

const History = temporal.api.history.v1.History;

/** Each workflow the central worker runs, by the name its histories carry. */
export type WorkflowKind = {
  [K in keyof typeof workflows]: (typeof workflows)[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof typeof workflows];

// A Record, so that a workflow added to workflows/index.ts fails the type check until it is
// listed here, and then the replay test until it has fixtures.
const KINDS: Record<WorkflowKind, true> = {
  disconnectionCase: true,
  disconnectCustomers: true,
  reconnectCustomer: true,
  reconnectionSweep: true,
  anchorAuditChain: true,
  repairOrder: true,
  relocationOrder: true,
  revisitCase: true,
};
export const WORKFLOW_KINDS = Object.keys(KINDS) as WorkflowKind[];

/** test/replay/<workflow kind>/<scenario>[.<code it was recorded with>].json */
export const FIXTURES_DIR = __dirname;

export function fixtureFiles(kind: WorkflowKind): string[] {
  const dir = path.join(FIXTURES_DIR, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((file) => file.endsWith('.json')).sort().map((file) => `${kind}/${file}`);
}

/**
 * Histories as plain JSON (longs and enums as strings, bytes as base64) through the SDK's
 * own protobuf classes: the SDK's historyToJSON/historyFromJSON break when two protobufjs
 * versions are installed, as they are here.
 */
export function historyToFixture(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }), null, 1) + '\n';
}

/** Reads both the form above and the older JSON.stringify(fetchHistory()) one. */
export function historyFromFixture(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}

/** The workflow type a history started, to check it sits in its kind's folder. */
export function workflowTypeOf(history: temporal.api.history.v1.IHistory): string | undefined {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;
}
