import { ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { DisconnectionActivities, DisconnectionTarget } from '../../activities/disconnection';
import type { MeterActivities } from '../../activities/meters';
import type { TaskActivities } from '../../activities/tasks';
import type { DisconnectionPolicy } from '../../domain/disconnection/policy';
import { judgeCommand } from '../../domain/disconnection/protection';
import { checkManualOutage } from '../../domain/tasks/forms';
import { waitForPerson } from '../human/wait-for-person';
import { meterTaskQueue } from '../task-queues';

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
  const { caseId, policy } = input;
  let deferrals = 0;
  let target: DisconnectionTarget;
  for (;;) {
    target = await central.getDisconnectionTarget(input.customerNo);
    const verdict = judgeCommand(target, Date.now(), policy);
    await central.recordDisconnectionEvent({ caseId, customerId: target.customerId, type: 'disconnection.verdict', data: { ...verdict }, key: `verdict-${deferrals}` });
    if (verdict.verdict === 'proceed') break;
    if (verdict.verdict !== 'defer') return { outcome: 'not-disconnected', code: verdict.code, reason: verdict.reason, deferrals };
    deferrals++;
    // Timers are durable: a case deferred over a weekend simply wakes up on Monday morning.
    await sleep(Math.max(verdict.until - Date.now(), 1000));
  }
  if (!target.meter) {
    return { outcome: 'not-disconnected', code: 'NO_METER', reason: 'no remote meter on record; disconnect on site', deferrals };
  }

  const commandSentAt = Date.now();
  const trip = await sendTrip(target, policy);
  await central.recordDisconnectionEvent({
    caseId,
    customerId: target.customerId,
    type: trip.confirmed ? 'meter.command.confirmed' : 'meter.command.failed',
    data: { command: 'trip', failure: trip.failure ?? null, exchanges: trip.exchanges },
    key: 'trip',
  });
  if (trip.confirmed) {
    const outageAt = trip.confirmedAt ?? new Date().toISOString();
    await central.markDisconnected({ caseId, customerId: target.customerId, outageAt, via: 'remote' });
    return { outcome: 'disconnected', via: 'remote', outageAt };
  }

  const entered = await waitForPerson({
    caseId,
    step: 'manual-outage-entry',
    title: `录入停电信息 ${target.customerNo} ${target.customerName}`,
    customerId: target.customerId,
    candidates: { candidateRoles: ['executor'], candidateUserIds: [] },
    routingReason: `trip command failed (${trip.failure?.code ?? 'unknown'}); executors confirm the outage on site`,
    payload: { customerNo: target.customerNo, customerName: target.customerName, meterAddress: target.meter.address, failure: trip.failure ?? null },
    priority: 2,
    policy: policy.manualOutageEntry,
    check: (raw, now) => checkManualOutage(raw, now, commandSentAt),
  });
  await central.markDisconnected({ caseId, customerId: target.customerId, outageAt: entered.value.outageAt, via: 'manual-entry', byUserId: entered.completedById });
  return { outcome: 'disconnected', via: 'manual-entry', outageAt: entered.value.outageAt, commandFailure: trip.failure };
}

async function sendTrip(target: DisconnectionTarget, policy: DisconnectionPolicy) {
  const { site, ...meter } = target.meter!;
  const hardware = proxyActivities<MeterActivities>({
    taskQueue: meterTaskQueue(site),
    scheduleToCloseTimeout: '10 minutes',
    startToCloseTimeout: '2 minutes',
    // Never resent blindly: a failed trip goes to a person.
    retry: { maximumAttempts: 1 },
  });
  try {
    return await hardware.switchRelay({ meter, command: 'trip', validityMinutes: policy.commandValidityMinutes });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause as { message?: string } | undefined;
    return { confirmed: false, failure: { code: 'HARDWARE_WORKER_FAILED', message: `site ${site}: ${cause?.message ?? err.message}` }, exchanges: [], confirmedAt: undefined };
  }
}
