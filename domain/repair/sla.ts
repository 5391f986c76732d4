import type { RepairSla } from './policy';

/**
 * Where an order stands against its SLA: the stage it is in (waiting for a response, for
 * the crew to arrive, for the fix), when that stage is due and whether it is overdue.
 * Each stage counts from intake; a stage is met when its moment is recorded.
 */
export type SlaStage = 'response' | 'arrival' | 'fix' | 'met';

export interface OrderMoments {
  openedAt: number;
  respondedAt?: number | null;
  arrivedAt?: number | null;
  fixedAt?: number | null;
}

export interface SlaState {
  stage: SlaStage;
  /** When the current stage is due (ms); absent once every stage is met. */
  dueAt?: number;
  overdue: boolean;
  /** Stages met late, in order. */
  breached: Exclude<SlaStage, 'met'>[];
}

const MINUTE = 60_000;

export function slaState(order: OrderMoments, sla: RepairSla, now: number): SlaState {
  const stages: { stage: Exclude<SlaStage, 'met'>; at: number | null | undefined; due: number }[] = [
    { stage: 'response', at: order.respondedAt, due: order.openedAt + sla.responseMinutes * MINUTE },
    { stage: 'arrival', at: order.arrivedAt, due: order.openedAt + sla.arrivalMinutes * MINUTE },
    { stage: 'fix', at: order.fixedAt, due: order.openedAt + sla.fixMinutes * MINUTE },
  ];
  const breached = stages.filter((s) => s.at !== null && s.at !== undefined && s.at > s.due).map((s) => s.stage);
  const current = stages.find((s) => s.at === null || s.at === undefined);
  if (!current) return { stage: 'met', overdue: false, breached };
  return { stage: current.stage, dueAt: current.due, overdue: now > current.due, breached };
}

/** Minutes left until `dueAt` from `now`, at least 1: a step's SLA for the human-step helper. */
export function minutesUntil(dueAt: number, now: number): number {
  return Math.max(1, Math.ceil((dueAt - now) / MINUTE));
}
