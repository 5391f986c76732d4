import {
  ActivityFailure,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { ReconnectionActivities, ReconnectionCase } from '../../activities/reconnection';
import type { MessagingActivities } from '../../activities/messaging/activities';
import type { MeterActivities, SwitchRelayResult } from '../../activities/meters';
import { decideReconnection } from '../../domain/reconnection/decision';
import type { ReconnectionPolicy } from '../../domain/reconnection/policy';
import { renderTemplate } from '../../domain/messages/template';
import { formatChinaTime } from '../../domain/time';
import { meterTaskQueue } from '../task-queues';

export interface ReconnectionInput {
  customerNo: string;
  trigger: 'payment' | 'sweep';
  paymentId?: string;
}

export type ManualReason = 'not-eligible' | 'no-meter' | 'commands-failed';

export type ReconnectionResult =
  | { outcome: 'reconnected'; orderNo: string; commandsSent: number; reconnectedAt: string }
  | { outcome: 'not-needed'; reason: 'already-connected' | 'arrears-remain'; orderNo?: string; commandsSent: number }
  | { outcome: 'manual'; reason: ManualReason; manualOrderNo: string; autoOrderNo?: string; commandsSent: number };

export interface ReconnectionStatus {
  stage: 'checking' | 'commanding' | 'waiting-to-retry' | 'notifying' | 'done';
  autoOrderNo?: string;
  commandsSent: number;
  nextCommandAt?: string;
  lastFailure?: { code: string; message: string };
}

export const reconnectionStatusQuery = defineQuery<ReconnectionStatus>('reconnectionStatus');

const db = proxyActivities<ReconnectionActivities & MessagingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** What a collector is told, in the words of the collector's template. */
const MANUAL_REASON_TEXT: Record<ManualReason, string> = {
  'not-eligible': '未开通远程自动复电',
  'no-meter': '无远程表计档案',
  'commands-failed': '远程复电指令多次失败',
};

/**
 * Remote automatic reconnection (远程自动复电, domain brief §2): close command; if it
 * fails, another after the retry interval, at most `maxCommands`; on success write back
 * and text the customer; otherwise hand over to the segment's collector.
 */
export async function reconnectCustomer(input: ReconnectionInput): Promise<ReconnectionResult> {
  const status: ReconnectionStatus = { stage: 'checking', commandsSent: 0 };
  setHandler(reconnectionStatusQuery, () => status);

  const policy = await db.loadReconnectionPolicy();
  let reconnection = await db.getReconnectionCase(input.customerNo);
  const decision = decideReconnection(factsOf(reconnection));
  if (decision.action === 'none') {
    status.stage = 'done';
    return { outcome: 'not-needed', reason: decision.reason, commandsSent: 0 };
  }
  if (decision.action === 'manual') {
    return handOverToCollector(reconnection, policy, decision.reason, status);
  }

  const meter = reconnection.meter!;
  const autoOrderNo = await db.openReconnectionOrder({
    customerId: reconnection.customerId,
    kind: 'auto_reconnection',
    reason: `trigger=${input.trigger}${input.paymentId ? ` payment=${input.paymentId}` : ''}`,
  });
  status.autoOrderNo = autoOrderNo;
  const hardware = proxyActivities<MeterActivities>({
    taskQueue: meterTaskQueue(meter.site),
    // A site worker that is down is a failed attempt, not an endless wait.
    scheduleToCloseTimeout: '10 minutes',
    startToCloseTimeout: '2 minutes',
    // A relay command is never resent blindly; the next try is the policy's next command.
    retry: { maximumAttempts: 1 },
  });

  for (let attempt = 1; attempt <= policy.maxCommands; attempt++) {
    if (attempt > 1) {
      status.stage = 'waiting-to-retry';
      status.nextCommandAt = new Date(Date.now() + policy.retryIntervalMinutes * 60_000).toISOString();
      await sleep(policy.retryIntervalMinutes * 60_000);
      status.nextCommandAt = undefined;
      // Someone may have reconnected on site, or a payment been reversed, meanwhile.
      reconnection = await db.getReconnectionCase(input.customerNo);
      const again = decideReconnection(factsOf(reconnection));
      if (again.action === 'none') {
        await db.closeOrder({ orderNo: autoOrderNo, state: 'cancelled', outcome: again.reason });
        status.stage = 'done';
        return { outcome: 'not-needed', reason: again.reason, orderNo: autoOrderNo, commandsSent: status.commandsSent };
      }
    }

    status.stage = 'commanding';
    const result = await sendCloseCommand(hardware, reconnection, policy);
    status.commandsSent = attempt;
    await db.recordCommandAttempt({
      orderNo: autoOrderNo,
      customerId: reconnection.customerId,
      attempt,
      confirmed: result.confirmed,
      failure: result.failure,
      exchanges: result.exchanges,
    });
    if (result.confirmed) {
      const reconnectedAt = result.confirmedAt ?? new Date().toISOString();
      await db.markReconnected({ customerId: reconnection.customerId, orderNo: autoOrderNo, reconnectedAt });
      status.stage = 'notifying';
      if (reconnection.smsReconnectNotice && reconnection.phone) {
        await db.sendMessage({
          idempotencyKey: `sms:customer-reconnected:${autoOrderNo}`,
          channel: 'sms',
          recipient: reconnection.phone,
          body: renderTemplate(policy.templates.customerReconnected, {
            customerName: reconnection.customerName,
            customerNo: reconnection.customerNo,
            time: formatChinaTime(reconnectedAt),
            orderNo: autoOrderNo,
          }),
          purpose: 'customer-reconnected',
          customerId: reconnection.customerId,
        });
      }
      status.stage = 'done';
      return { outcome: 'reconnected', orderNo: autoOrderNo, commandsSent: attempt, reconnectedAt };
    }
    status.lastFailure = result.failure;
  }

  await db.closeOrder({ orderNo: autoOrderNo, state: 'failed', outcome: `${policy.maxCommands} close commands failed` });
  const manual = await handOverToCollector(reconnection, policy, 'commands-failed', status);
  return { ...manual, autoOrderNo };
}

interface CommandOutcome extends Pick<SwitchRelayResult, 'confirmed' | 'exchanges' | 'confirmedAt'> {
  failure?: { code: string; message: string };
}

async function sendCloseCommand(
  hardware: MeterActivities,
  reconnection: ReconnectionCase,
  policy: ReconnectionPolicy,
): Promise<CommandOutcome> {
  const { site, closeCommand, ...target } = reconnection.meter!;
  try {
    return await hardware.switchRelay({ meter: target, command: closeCommand, validityMinutes: policy.commandValidityMinutes });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The site worker was unreachable or the activity failed: this command counts as failed.
    const cause = err.cause as { message?: string; name?: string } | undefined;
    return {
      confirmed: false,
      failure: { code: 'HARDWARE_WORKER_FAILED', message: `site ${site}: ${cause?.message ?? err.message}` },
      exchanges: [],
    };
  }
}

async function handOverToCollector(
  reconnection: ReconnectionCase,
  policy: ReconnectionPolicy,
  reason: ManualReason,
  status: ReconnectionStatus,
): Promise<Extract<ReconnectionResult, { outcome: 'manual' }>> {
  status.stage = 'notifying';
  const manualOrderNo = await db.openReconnectionOrder({
    customerId: reconnection.customerId,
    kind: 'manual_reconnection',
    reason,
  });
  await db.sendMessage({
    idempotencyKey: `sms:collector-manual-reconnection:${manualOrderNo}`,
    channel: 'sms',
    recipient: reconnection.collector.phone,
    body: renderTemplate(policy.templates.collectorManualReconnection, {
      collectorName: reconnection.collector.name,
      customerName: reconnection.customerName,
      customerNo: reconnection.customerNo,
      address: reconnection.address,
      orderNo: manualOrderNo,
      reason: MANUAL_REASON_TEXT[reason],
    }),
    purpose: 'collector-manual-reconnection',
    customerId: reconnection.customerId,
  });
  status.stage = 'done';
  return { outcome: 'manual', reason, manualOrderNo, commandsSent: status.commandsSent };
}

function factsOf(reconnection: ReconnectionCase) {
  return {
    supplyStatus: reconnection.supplyStatus,
    arrearsFen: reconnection.arrearsFen,
    remoteReconnectEligible: reconnection.remoteReconnectEligible,
    hasMeter: reconnection.meter !== null,
  };
}
