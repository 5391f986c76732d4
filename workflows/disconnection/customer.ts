import { ActivityFailure, getExternalWorkflowHandle, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { DisconnectionActivities, DisconnectionTarget, TripRecord } from '../../activities/disconnection';
import type { MeterActivities } from '../../activities/meters';
import type { TaskActivities } from '../../activities/tasks';
import type { DisconnectionPolicy } from '../../domain/disconnection/policy';
import { checkManualOutage } from '../../domain/tasks/forms';
import { waitForPerson } from '../human/wait-for-person';
import { meterTaskQueue } from '../task-queues';
import { CustomerReport, customerReportSignal } from './reports';

export interface CustomerDisconnectionInput {
  caseId: number;
  customerNo: string;
  /** The case's policy, read once when the case started. */
  policy: DisconnectionPolicy;
}

export type CustomerDisconnectionResult =
  | { outcome: 'disconnected'; via: 'remote' | 'manual-entry'; outageAt: string; commandFailure?: { code: string; message: string } }
  | { outcome: 'not-disconnected'; code: 'PROTECTED' | 'ALREADY_DISCONNECTED' | 'PAID' | 'NO_METER'; reason: string; deferrals: number };

const central = proxyActivities<DisconnectionActivities & TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One customer of a disconnection case (domain brief §1, steps 5-7), safer than the manual:
 * at command time the protection gate judges the customer afresh — protected customers are
 * never tripped, payers drop out, forbidden windows defer the command to the next allowed
 * moment. A confirmed trip takes the outage time from the meter; a failed one asks an
 * executor to enter it by hand (录入停电信息). Every verdict is recorded with its reason.
 */
export async function disconnectCustomer(input: CustomerDisconnectionInput): Promise<CustomerDisconnectionResult> {
  const { caseId, customerNo, policy } = input;
  let deferrals = 0;
  let target: DisconnectionTarget;
  for (;;) {
    const judged = await central.judgeAtCommandTime({ caseId, customerNo, now: Date.now(), policy, attempt: deferrals });
    target = judged.target;
    const { verdict } = judged;
    if (verdict.verdict === 'proceed') break;
    if (verdict.verdict !== 'defer') {
      await report({ customerNo, kind: 'settled', outcome: 'not-disconnected', code: verdict.code });
      return { outcome: 'not-disconnected', code: verdict.code, reason: verdict.reason, deferrals };
    }
    deferrals++;
    await report({ customerNo, kind: 'deferred', until: new Date(verdict.until).toISOString() });
    // Timers are durable: a case deferred over a weekend simply wakes up on Monday morning.
    await sleep(Math.max(verdict.until - Date.now(), 1000));
  }

  const commandSentAt = Date.now();
  const trip = await sendTrip(target, policy);
  await central.recordTrip({ caseId, customerId: target.customerId, trip });
  if (trip.confirmed) {
    await report({ customerNo, kind: 'settled', outcome: 'disconnected', via: 'remote' });
    return { outcome: 'disconnected', via: 'remote', outageAt: trip.outageAt };
  }

  const failure = trip.failure ?? { code: 'UNKNOWN', message: 'the meter did not confirm the trip' };
  await report({ customerNo, kind: 'command-failed', code: failure.code });
  const entered = await waitForPerson({
    caseId,
    step: 'manual-outage-entry',
    title: `录入停电信息 ${target.customerNo} ${target.customerName}`,
    customerId: target.customerId,
    candidates: { candidateRoles: ['executor'], candidateUserIds: [] },
    routingReason: `trip command failed (${failure.code}); executors confirm the outage on site`,
    payload: { customerNo: target.customerNo, customerName: target.customerName, meterAddress: target.meter!.address, failure },
    priority: 2,
    policy: policy.manualOutageEntry,
    check: (raw, now) => checkManualOutage(raw, now, commandSentAt),
  });
  await central.markDisconnected({ caseId, customerId: target.customerId, outageAt: entered.value.outageAt, via: 'manual-entry', byUserId: entered.completedById });
  await report({ customerNo, kind: 'settled', outcome: 'disconnected', via: 'manual-entry' });
  return { outcome: 'disconnected', via: 'manual-entry', outageAt: entered.value.outageAt, commandFailure: failure };
}

/** Tells the case, when there is one (a customer's workflow can also run on its own). */
async function report(message: CustomerReport): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  // No run id: after the case continued as new, its latest run is the one listening.
  await getExternalWorkflowHandle(parent.workflowId).signal(customerReportSignal, message);
}

async function sendTrip(target: DisconnectionTarget, policy: DisconnectionPolicy): Promise<TripRecord> {
  const { site, ...meter } = target.meter!;
  const hardware = proxyActivities<MeterActivities>({
    taskQueue: meterTaskQueue(site),
    scheduleToCloseTimeout: '10 minutes',
    startToCloseTimeout: '2 minutes',
    // Never resent blindly: a failed trip goes to a person.
    retry: { maximumAttempts: 1 },
  });
  try {
    const result = await hardware.switchRelay({ meter, command: 'trip', validityMinutes: policy.commandValidityMinutes });
    return { confirmed: result.confirmed, outageAt: result.confirmedAt ?? new Date().toISOString(), failure: result.failure ?? null, exchanges: result.exchanges };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause as { message?: string } | undefined;
    return { confirmed: false, outageAt: new Date().toISOString(), failure: { code: 'HARDWARE_WORKER_FAILED', message: `site ${site}: ${cause?.message ?? err.message}` }, exchanges: [] };
  }
}
