/**
 * What publishing a version would change for work already in flight, so a designer sees it
 * before publishing: customers whose next command time moves, tasks that would be overdue at
 * once, reconnection retries that would come sooner or later. Pure: the route loads the rows.
 *
 * Each impact is a code and its parameters; the back office words them from its catalogs.
 */
import type { DisconnectionPolicy } from '../disconnection/policy';
import { MINUTE_MS } from '../disconnection/china-clock';
import { nextAllowedMoment, NoAllowedMomentError } from '../disconnection/windows';
import type { ReconnectionPolicy } from '../reconnection/policy';
import type { HumanStepPolicy } from '../tasks/escalation';
import type { TaskStep } from '../processes';
import type { PolicyKey } from './keys';

export type PolicyImpact =
  | { code: 'CUSTOMERS_MOVED'; params: { count: number; from?: string; to?: string } }
  | { code: 'TASKS_OVERDUE_AT_ONCE'; params: { count: number; taskIds: number[] } }
  | { code: 'RETRIES_SOONER'; params: { count: number } }
  | { code: 'RETRIES_LATER'; params: { count: number } }
  | { code: 'NO_IMPACT'; params: Record<string, never> };
export type PolicyImpactCode = PolicyImpact['code'];

/** A customer of a running disconnection case still waiting for a command (outcome waiting or deferred). */
export interface WaitingCustomer {
  /** When their pre-notice SMS went out, if it did: no command before it plus the notice period. */
  noticeSentAt: number | null;
}

/** An open, not yet overdue task. */
export interface OpenTask {
  id: number;
  step: TaskStep;
  createdAt: number;
  /** An approval task's level name (its payload's `level`). */
  level?: string;
}

/** A running reconnection case waiting between a failed close command and the next one. */
export interface WaitingRetry {
  lastFailedAt: number;
}

export interface PreviewInput {
  key: PolicyKey;
  /** The version in force, parsed (defaults filled in). */
  current: unknown;
  /** The value previewed, parsed. */
  next: unknown;
  /** When the new version would take effect (now, or later). */
  effectiveAt: number;
  waitingCustomers?: readonly WaitingCustomer[];
  openTasks?: readonly OpenTask[];
  waitingRetries?: readonly WaitingRetry[];
}

export function previewPolicy(input: PreviewInput): PolicyImpact[] {
  const impacts: PolicyImpact[] = [];
  if (input.key === 'disconnection') {
    const [current, next] = [input.current as DisconnectionPolicy, input.next as DisconnectionPolicy];
    const moved = customersMoved(current, next, input.waitingCustomers ?? [], input.effectiveAt);
    if (moved) impacts.push(moved);
    const overdue = tasksOverdueAtOnce((task) => disconnectionSla(current, task), (task) => disconnectionSla(next, task), input.openTasks ?? [], input.effectiveAt);
    if (overdue) impacts.push(overdue);
  }
  if (input.key === 'reconnection') {
    const [current, next] = [input.current as ReconnectionPolicy, input.next as ReconnectionPolicy];
    const overdue = tasksOverdueAtOnce((task) => reconnectionSla(current, task), (task) => reconnectionSla(next, task), input.openTasks ?? [], input.effectiveAt);
    if (overdue) impacts.push(overdue);
    const retries = input.waitingRetries ?? [];
    if (retries.length > 0 && next.retryIntervalMinutes !== current.retryIntervalMinutes) {
      impacts.push({ code: next.retryIntervalMinutes < current.retryIntervalMinutes ? 'RETRIES_SOONER' : 'RETRIES_LATER', params: { count: retries.length } });
    }
  }
  return impacts.length > 0 ? impacts : [{ code: 'NO_IMPACT', params: {} }];
}

/** The earliest a waiting customer's command may go under a policy, from the moment it takes effect. */
export function nextCommandTime(policy: DisconnectionPolicy, customer: WaitingCustomer, from: number): number {
  const notBefore = customer.noticeSentAt === null ? from : Math.max(from, customer.noticeSentAt + policy.preNoticeMinutes * MINUTE_MS);
  try {
    return nextAllowedMoment(notBefore, policy);
  } catch (err) {
    // A calendar closed for a year: never, as far as a preview can tell.
    if (err instanceof NoAllowedMomentError) return Number.POSITIVE_INFINITY;
    throw err;
  }
}

function customersMoved(current: DisconnectionPolicy, next: DisconnectionPolicy, customers: readonly WaitingCustomer[], from: number): PolicyImpact | undefined {
  const moves = customers.map((customer) => [nextCommandTime(current, customer, from), nextCommandTime(next, customer, from)] as const).filter(([a, b]) => a !== b);
  if (moves.length === 0) return undefined;
  // One pair of times when every moved customer shares it (the usual case: one window changed).
  const [first] = moves;
  const shared = moves.every(([a, b]) => a === first![0] && b === first![1]) && Number.isFinite(first![0]) && Number.isFinite(first![1]);
  return { code: 'CUSTOMERS_MOVED', params: { count: moves.length, ...(shared ? { from: new Date(first![0]).toISOString(), to: new Date(first![1]).toISOString() } : {}) } };
}

/** Tasks whose new SLA has already run out, though the old one has not: they would turn overdue at once. */
function tasksOverdueAtOnce(slaBefore: (task: OpenTask) => number | undefined, slaAfter: (task: OpenTask) => number | undefined, tasks: readonly OpenTask[], at: number): PolicyImpact | undefined {
  const taskIds = tasks
    .filter((task) => {
      const [before, after] = [slaBefore(task), slaAfter(task)];
      if (before === undefined || after === undefined) return false;
      return task.createdAt + after * MINUTE_MS < at && task.createdAt + before * MINUTE_MS >= at;
    })
    .map((task) => task.id)
    .sort((a, b) => a - b);
  return taskIds.length > 0 ? { code: 'TASKS_OVERDUE_AT_ONCE', params: { count: taskIds.length, taskIds } } : undefined;
}

function disconnectionSla(policy: DisconnectionPolicy, task: OpenTask): number | undefined {
  const step: HumanStepPolicy | undefined =
    task.step === 'disconnection-approval'
      ? policy.approvalLevels.find((level) => level.name === task.level)
      : task.step === 'disconnection-re-check'
        ? policy.reCheck
        : task.step === 'manual-outage-entry'
          ? policy.manualOutageEntry
          : undefined;
  return step?.slaMinutes;
}

function reconnectionSla(policy: ReconnectionPolicy, task: OpenTask): number | undefined {
  return task.step === 'manual-reconnection' ? policy.manualReconnection.slaMinutes : undefined;
}
