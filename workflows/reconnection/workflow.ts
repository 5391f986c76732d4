import { ActivityFailure, defineQuery, log, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { CaseStepInstance } from '../../domain/processes';
import type { MessagingActivities } from '../../activities/messaging/activities';
import type { MeterActivities, SwitchRelayResult } from '../../activities/meters';
import type { ReadBackRecord } from '../../activities/disconnection';
import type { ReconnectionActivities, ReconnectionCase } from '../../activities/reconnection';
import { type SiteFailure, siteFailureOf } from '../site-failure';
import type { SurveyActivities } from '../../activities/surveys';
import type { TaskActivities } from '../../activities/tasks';
import { renderTemplate } from '../../domain/messages/template';
import { decideReconnection } from '../../domain/reconnection/decision';
import type { ReconnectionPolicy } from '../../domain/reconnection/policy';
import { checkManualReconnection } from '../../domain/tasks/forms';
import type { ManualReconnectionReason } from '../../domain/tasks/texts';
import { formatChinaTime } from '../../domain/time';
import { waitForPerson } from '../human/wait-for-person';
import { meterTaskQueue, READ_BACK_QUEUE, readBackTaskQueue } from '../task-queues';

export interface ReconnectionInput {
  customerNo: string;
  trigger: 'payment' | 'sweep';
  paymentId?: string;
}

/** Why a collector goes on site: one list with the task's routing codes. */
export type ManualReason = ManualReconnectionReason;

export type ReconnectionResult =
  | { outcome: 'reconnected'; orderNo: string; commandsSent: number; reconnectedAt: string }
  | { outcome: 'not-needed'; reason: 'already-connected' | 'arrears-remain'; orderNo?: string; commandsSent: number }
  | {
      outcome: 'reconnected-on-site';
      reason: ManualReason;
      manualOrderNo: string;
      autoOrderNo?: string;
      commandsSent: number;
      reconnectedAt: string;
      completedById: number;
    };

export interface ReconnectionStatus {
  stage: 'checking' | 'commanding' | 'waiting-to-retry' | 'notifying' | 'waiting-for-collector' | 'done';
  caseId?: number;
  autoOrderNo?: string;
  manualOrderNo?: string;
  /** The collector's task, once the workflow waits for it. */
  taskId?: number;
  commandsSent: number;
  nextCommandAt?: string;
  lastFailure?: { code: string; message: string };
}

export const reconnectionStatusQuery = defineQuery<ReconnectionStatus>('reconnectionStatus');

const central = proxyActivities<ReconnectionActivities & MessagingActivities & TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** What a collector is told, in the words of the collector's template. */
/**
 * The satisfaction survey after a reconnection (the revisit policy turns it on), tried a few
 * times only: a gateway still down leaves it pending in the outbox, and the case ends anyway.
 */
const survey = proxyActivities<SurveyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** A close command lost to a failed activity is read back before it counts as failed (patched likewise). */
export const CLOSE_READ_BACK = 'close-read-back';

/** The reconnected customer may be asked for a rating (patched: histories from before replay without it). */
export const RECONNECTION_SURVEY = 'reconnection-survey';

const MANUAL_REASON_TEXT: Record<ManualReason, string> = {
  'not-eligible': '未开通远程自动复电',
  'no-meter': '无远程表计档案',
  'commands-failed': '远程复电指令多次失败',
};

/** Before this patch a run with nothing to do opened a case and closed it at once. */
const NO_CASE_WHEN_NOT_NEEDED = 'reconnection-no-case-when-not-needed';

/**
 * Remote automatic reconnection (远程自动复电, domain brief §2): close command; if it
 * fails, another after the retry interval, at most `maxCommands`; on success write back
 * and text the customer; otherwise the segment's collector reconnects on site through a
 * task, whose completion writes back the same way.
 */
export async function reconnectCustomer(input: ReconnectionInput): Promise<ReconnectionResult> {
  const status: ReconnectionStatus = { stage: 'checking', commandsSent: 0 };
  setHandler(reconnectionStatusQuery, () => status);

  // Both reads, then the case: the customer is waiting for power, every round trip counts.
  const [policy, firstLook] = await Promise.all([central.loadReconnectionPolicy(), central.getReconnectionCase(input.customerNo)]);
  let reconnection = firstLook;
  const decision = decideReconnection(factsOf(reconnection));
  // A look that finds nothing to do (a sweep or payment racing a reconnection that has just
  // written back) opens no case: the case list holds work, not checks.
  if (decision.action === 'none' && patched(NO_CASE_WHEN_NOT_NEEDED)) {
    status.stage = 'done';
    return { outcome: 'not-needed', reason: decision.reason, commandsSent: 0 };
  }
  const caseId = await central.openCase({
    type: 'reconnection',
    title: `复电 ${reconnection.customerNo} ${reconnection.customerName}`,
    customerId: reconnection.customerId,
  });
  status.caseId = caseId;
  const step = (name: CaseStepInstance<'reconnection'>, state?: 'completed' | 'failed') => central.setCaseStep({ caseId, step: name, state });

  if (decision.action === 'none') {
    await step(decision.reason, 'completed');
    status.stage = 'done';
    return { outcome: 'not-needed', reason: decision.reason, commandsSent: 0 };
  }
  if (decision.action === 'manual') {
    return reconnectOnSite(caseId, reconnection, policy, decision.reason, status);
  }

  const autoOrderNo = await central.openReconnectionOrder({
    customerId: reconnection.customerId,
    caseId,
    kind: 'auto_reconnection',
    // A code the back office words (app.work_order_reason), and the payment that led here.
    reason: input.trigger,
    ...(input.paymentId ? { paymentId: input.paymentId } : {}),
  });
  status.autoOrderNo = autoOrderNo;
  const hardware = proxyActivities<MeterActivities>({
    taskQueue: meterTaskQueue(reconnection.meter!.site),
    // A site worker that is down is a failed attempt, not an endless wait.
    scheduleToCloseTimeout: '10 minutes',
    startToCloseTimeout: '2 minutes',
    // The site worker beats at least every 3 s: a dead worker is noticed in seconds, and a
    // command abandoned here is dropped by the worker rather than sent late.
    heartbeatTimeout: '30 seconds',
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
      reconnection = await central.getReconnectionCase(input.customerNo);
      const again = decideReconnection(factsOf(reconnection));
      if (again.action === 'none') {
        await central.closeOrder({ orderNo: autoOrderNo, state: 'cancelled', outcome: again.reason });
        await step(again.reason, 'completed');
        status.stage = 'done';
        return { outcome: 'not-needed', reason: again.reason, orderNo: autoOrderNo, commandsSent: status.commandsSent };
      }
    }

    status.stage = 'commanding';
    const [, result] = await Promise.all([step(`close-command-${attempt}`), sendCloseCommand(hardware, reconnection, policy)]);
    status.commandsSent = attempt;
    await central.recordCommandAttempt({
      caseId,
      orderNo: autoOrderNo,
      customerId: reconnection.customerId,
      attempt,
      confirmed: result.confirmed,
      failure: result.failure,
      ...(result.readBack ? { readBack: result.readBack } : {}),
      exchanges: result.exchanges,
    });
    if (result.confirmed) {
      const reconnectedAt = result.confirmedAt ?? new Date().toISOString();
      await central.markReconnected({ customerId: reconnection.customerId, caseId, orderNo: autoOrderNo, reconnectedAt, via: 'remote' });
      await notifyCustomer(caseId, reconnection, policy, autoOrderNo, reconnectedAt, status);
      await askForRating(caseId, reconnection, autoOrderNo);
      await step('reconnected', 'completed');
      status.stage = 'done';
      return { outcome: 'reconnected', orderNo: autoOrderNo, commandsSent: attempt, reconnectedAt };
    }
    status.lastFailure = result.failure;
  }

  await central.closeOrder({ orderNo: autoOrderNo, state: 'failed', outcome: 'commands-failed' });
  const onSite = await reconnectOnSite(caseId, reconnection, policy, 'commands-failed', status);
  return { ...onSite, autoOrderNo };
}

interface CommandOutcome extends Pick<SwitchRelayResult, 'confirmed' | 'exchanges' | 'confirmedAt'> {
  failure?: { code: string; message: string };
  readBack?: ReadBackRecord;
}

async function sendCloseCommand(hardware: MeterActivities, reconnection: ReconnectionCase, policy: ReconnectionPolicy): Promise<CommandOutcome> {
  const { site, closeCommand, ...target } = reconnection.meter!;
  try {
    return await hardware.switchRelay({ meter: target, command: closeCommand, validityMinutes: policy.commandValidityMinutes });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The site worker was unreachable or the activity failed: unless the meter, read back,
    // says its relay closed, this command counts as failed.
    const cause = err.cause as { message?: string } | undefined;
    const failed: CommandOutcome = {
      confirmed: false,
      failure: { code: 'HARDWARE_WORKER_FAILED', message: `site ${site}: ${cause?.message ?? err.message}` },
      exchanges: [],
    };
    if (!patched(CLOSE_READ_BACK)) return failed;
    return (await readBackClose(site, target, reconnection.meter!.closeCommand, `${workflowInfo().workflowId}/${err.activityId}`, siteFailureOf(err))) ?? failed;
  }
}

/**
 * 回读: a close command whose activity failed (the site worker crashed, timed out) may still
 * have closed the relay. The site's ledger and status word 3, read on the site's queue once the
 * worker is back (reads are retried, within the attempt's own ten minutes): a closed relay is
 * a confirmed reconnection at once, at the meter's time if its confirmation was recorded, else
 * the command's time in the ledger; anything else leaves the command failed.
 */
async function readBackClose(
  site: string,
  meter: Parameters<MeterActivities['readBackMeters']>[0]['meters'][number],
  command: Parameters<MeterActivities['readBackMeters']>[0]['command'],
  batch: string,
  siteFailure: SiteFailure,
): Promise<CommandOutcome | undefined> {
  const reader = proxyActivities<MeterActivities>({
    taskQueue: patched(READ_BACK_QUEUE) ? readBackTaskQueue(site) : meterTaskQueue(site),
    scheduleToCloseTimeout: '10 minutes',
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds' },
  });
  try {
    const [found] = await reader.readBackMeters({ batch, command, meters: [meter] });
    if (found?.relayOpen !== false || found.ledger.state === 'never-sent') return undefined;
    const answered = found.ledger.state === 'answered' ? found.ledger.result : undefined;
    const at = answered?.meterTime ?? answered?.at ?? (found.ledger.state === 'possibly-sent' ? found.ledger.lastIntentAt : new Date().toISOString());
    return { confirmed: true, confirmedAt: at, exchanges: [], readBack: { ledger: found.ledger.state, relayOpen: false, siteFailure } };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return undefined;
  }
}

async function notifyCustomer(
  caseId: number,
  reconnection: ReconnectionCase,
  policy: ReconnectionPolicy,
  orderNo: string,
  reconnectedAt: string,
  status: ReconnectionStatus,
): Promise<void> {
  if (!reconnection.smsReconnectNotice || !reconnection.phone) return;
  status.stage = 'notifying';
  await central.sendMessage({
    idempotencyKey: `sms:customer-reconnected:${orderNo}`,
    channel: 'sms',
    recipient: reconnection.phone,
    body: renderTemplate(policy.templates.customerReconnected, {
      customerName: reconnection.customerName,
      customerNo: reconnection.customerNo,
      time: formatChinaTime(reconnectedAt),
      orderNo,
    }),
    purpose: 'customer-reconnected',
    customerId: reconnection.customerId,
    caseId,
  });
}

/** 满意度调查: the order that reconnected the customer is surveyed by SMS when the revisit policy says so. */
async function askForRating(caseId: number, reconnection: ReconnectionCase, orderNo: string): Promise<void> {
  if (!patched(RECONNECTION_SURVEY)) return;
  try {
    await survey.requestRatingSurvey({ process: 'reconnection', orderNo, customerId: reconnection.customerId, caseId, phone: reconnection.phone ?? null });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('the satisfaction survey was not sent', { orderNo, error: String(err.cause?.message ?? err.message) });
  }
}

/**
 * The manual path: a 14… order, an SMS to the segment's collector, and a task for the
 * collector whose completion (with the on-site time) writes the reconnection back.
 */
async function reconnectOnSite(
  caseId: number,
  reconnection: ReconnectionCase,
  policy: ReconnectionPolicy,
  reason: ManualReason,
  status: ReconnectionStatus,
): Promise<Extract<ReconnectionResult, { outcome: 'reconnected-on-site' }>> {
  status.stage = 'notifying';
  const manualOrderNo = await central.openReconnectionOrder({ customerId: reconnection.customerId, caseId, kind: 'manual_reconnection', reason });
  status.manualOrderNo = manualOrderNo;
  await central.sendMessage({
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
    caseId,
  });

  await central.setCaseStep({ caseId, step: 'manual-reconnection' });
  const orderOpenedAt = Date.now();
  const collectorUserId = reconnection.collector.userId;
  const done = await waitForPerson({
    caseId,
    step: 'manual-reconnection',
    title: `现场复电 ${reconnection.customerNo} ${reconnection.customerName}（工单${manualOrderNo}）`,
    titleText: { code: 'manual-reconnection', params: { customerNo: reconnection.customerNo, customerName: reconnection.customerName, orderNo: manualOrderNo } },
    customerId: reconnection.customerId,
    candidates: collectorUserId ? { candidateRoles: [], candidateUserIds: [collectorUserId] } : { candidateRoles: ['collector'], candidateUserIds: [] },
    routingReason: collectorUserId
      ? `抄表段 segment's collector ${reconnection.collector.name}; ${reason}`
      : `segment has no collector account; offered to every collector; ${reason}`,
    routingText: collectorUserId
      ? { code: 'segment-collector', params: { collectorName: reconnection.collector.name, reason } }
      : { code: 'no-segment-collector', params: { reason } },
    payload: {
      orderNo: manualOrderNo,
      customerNo: reconnection.customerNo,
      customerName: reconnection.customerName,
      address: reconnection.address,
      meterAddress: reconnection.meter?.address ?? null,
      reason,
    },
    priority: 2,
    policy: policy.manualReconnection,
    check: (raw, now) => checkManualReconnection(raw, now, orderOpenedAt),
    onCreated: (taskId) => {
      status.stage = 'waiting-for-collector';
      status.taskId = taskId;
    },
  });

  const reconnectedAt = done.value.reconnectedAt;
  await central.markReconnected({ customerId: reconnection.customerId, caseId, orderNo: manualOrderNo, reconnectedAt, via: 'on-site', byUserId: done.completedById });
  await notifyCustomer(caseId, reconnection, policy, manualOrderNo, reconnectedAt, status);
  await askForRating(caseId, reconnection, manualOrderNo);
  await central.setCaseStep({ caseId, step: 'reconnected-on-site', state: 'completed' });
  status.stage = 'done';
  return { outcome: 'reconnected-on-site', reason, manualOrderNo, commandsSent: status.commandsSent, reconnectedAt, completedById: done.completedById };
}

function factsOf(reconnection: ReconnectionCase) {
  return {
    supplyStatus: reconnection.supplyStatus,
    arrearsFen: reconnection.arrearsFen,
    remoteReconnectEligible: reconnection.remoteReconnectEligible,
    hasMeter: reconnection.meter !== null,
  };
}
