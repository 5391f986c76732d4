import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { MessagingActivities } from '../../activities/messaging/activities';
import type { RelocationActivities, RelocationOrderFacts } from '../../activities/relocation';
import type { TaskActivities } from '../../activities/tasks';
import type { Role } from '../../domain/permissions';
import type { CaseStepInstance } from '../../domain/processes';
import {
  type BookedSlot,
  checkAudit,
  checkCancelRequest,
  checkFix,
  checkInstall,
  checkPayment,
  checkReschedule,
  type RelocationCancelRefusal,
  type RelocationCancelRequest,
} from '../../domain/relocation/forms';
import { APPOINTMENT_MAX_DAYS_AHEAD, chinaDate } from '../../domain/relocation/appointment';
import { reservationUntil } from '../../domain/relocation/schedule';
import { INSTALLED_SMS_PURPOSE, installedSmsKey, installedSmsText } from '../../domain/relocation/sms';
import type { TaskCandidates } from '../../domain/tasks/escalation';
import type { TaskRouting } from '../../domain/tasks/texts';
import { type PersonStep, type PersonStepResult, waitForPerson } from '../human/wait-for-person';

export interface RelocationOrderInput {
  orderNo: string;
  /** Set when a revisit after a bad review sent the installed order back to its team (差评返工). */
  reopen?: { revisitNo: string; caseId: number | null };
}

export type RelocationOrderResult =
  | { outcome: 'installed'; orderNo: string; serviceNo: string; auditRequired: boolean; loops: number; reschedules: number }
  | { outcome: 'cancelled'; orderNo: string; code: RelocationCancelCode; refundedFen: number }
  | { outcome: 'redone'; orderNo: string };

/** Why an order ended without its installation: a person cancelled it, or it was not paid in time. */
export type RelocationCancelCode = 'cancelled' | 'reservation-expired';

export type RelocationStage = 'starting' | 'payment' | 'audit' | 'fix' | 'install' | 'reschedule' | 'installing' | 'announcing' | 'done' | 'cancelling' | 'cancelled' | 'rework';

export interface RelocationStatus {
  stage: RelocationStage;
  caseId?: number;
  /** The open task of the current step. */
  taskId?: number;
  /** Audit rejections sent back to the clerk. */
  loops: number;
  auditRequired?: boolean;
  auditReasons?: string[];
}

/** What the cancel Update answers once the order is cancelled (its number released, its payments refunded). */
export interface RelocationCancelAck {
  orderNo: string;
  code: RelocationCancelCode;
  refundedFen: number;
}

export const relocationStatusQuery = defineQuery<RelocationStatus>('relocationStatus');

/**
 * Cancels the order before its installation (POST /api/relocations/:id/cancel). Refused at
 * once — an ApplicationFailure whose `type` is a RelocationCancelRefusal (also in
 * `details[0].reason`) — for a bad request, an order installed (or being installed) or one
 * cancelled already; otherwise answers when the cancellation is recorded.
 */
export const relocationCancelUpdate = defineUpdate<RelocationCancelAck, [RelocationCancelRequest]>('relocationCancel');

const central = proxyActivities<RelocationActivities & TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The customer's SMS is tried a few times only: while the gateway is down it stays pending in the outbox. */
const sms = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

const DAY_MS = 24 * 3600_000;
const PAST_CANCELLING: readonly RelocationStage[] = ['installing', 'announcing', 'done', 'rework'];

function refuseCancel(code: RelocationCancelRefusal, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: [{ reason: code }] });
}

type Raced<T> = { kind: 'done'; result: PersonStepResult<T> } | { kind: 'cancelled' } | { kind: 'expired' };

/**
 * A relocation order (市话移机 + 稽核, domain/relocation/process.ts), accepted by a clerk through
 * the API with its number reserved and its slot booked: the cashier takes the payment (or,
 * unpaid when the reservation runs out, the order is cancelled); the audit decision sends it
 * to an auditor — never its own clerk — or straight on; a rejection goes back to the clerk,
 * counted, until an auditor passes it; the team installs it (or reports why not, and a clerk
 * books another slot); the number moves, the customer is texted and asked for a rating; an
 * ordered announcement ends after its days. Cancellable until the installation. The policy
 * is read once.
 */
export async function relocationOrder(input: RelocationOrderInput): Promise<RelocationOrderResult> {
  const status: RelocationStatus = { stage: 'starting', loops: 0 };
  let cancelRequest: RelocationCancelRequest | undefined;
  let cancelled: RelocationCancelAck | undefined;
  setHandler(relocationStatusQuery, () => status);
  setHandler(
    relocationCancelUpdate,
    async (request) => {
      const check = checkCancelRequest(request);
      if (!check.ok) refuseCancel(check.code, check.message);
      cancelRequest = check.value;
      await condition(() => cancelled !== undefined || PAST_CANCELLING.includes(status.stage));
      if (cancelled) return cancelled;
      refuseCancel('ALREADY_INSTALLED', `relocation order ${input.orderNo} was installed meanwhile`);
    },
    {
      validator: (request) => {
        const check = checkCancelRequest(request);
        if (!check.ok) refuseCancel(check.code, check.message);
        if (cancelRequest || status.stage === 'cancelling' || status.stage === 'cancelled') refuseCancel('ALREADY_CANCELLED', `relocation order ${input.orderNo} is cancelled already`);
        if (PAST_CANCELLING.includes(status.stage)) refuseCancel('ALREADY_INSTALLED', `relocation order ${input.orderNo} is installed`);
      },
    },
  );

  const startedAt = Date.now();
  const [policy, order] = await Promise.all([central.loadRelocationPolicy(), central.getRelocationOrder(input.orderNo)]);
  if (input.reopen) return redoInstallation(input.reopen, policy, order, status);
  const caseId = await central.openCase({ type: 'relocation', title: `移机 ${order.orderNo} ${order.oldNumber}`, customerId: order.customerId });
  status.caseId = caseId;
  await central.linkRelocationCase({ orderId: order.orderId, caseId });
  const setStep = (step: CaseStepInstance<'relocation'>, state?: 'completed') => central.setCaseStep({ caseId, step, state });

  /** What the clerk may change after acceptance: the appointment and the contact. */
  const current = { appointmentDate: order.appointmentDate, appointmentSlot: order.appointmentSlot, contactName: order.contactName, contactPhone: order.contactPhone };
  const keepNumberUntil = (appointmentDate = current.appointmentDate) => reservationUntil(appointmentDate, Date.now(), policy.numbers.reservationMinutes).toISOString();
  const ids = { orderId: order.orderId, caseId };

  /** What every task of the order shows, with the step's own fields. */
  const payload = (extra: Record<string, unknown> = {}) => ({
    orderNo: order.orderNo,
    serviceNo: order.oldNumber,
    kind: order.kind,
    oldNumber: order.oldNumber,
    newNumber: order.newNumber,
    newAddress: order.newAddress,
    keepNumber: order.keepNumber,
    announcement: order.announcement,
    teamName: order.teamName,
    ...current,
    ...extra,
  });

  /**
   * A person's step, unless the order is cancelled first (or, with a deadline, the deadline
   * passes): the task is then withdrawn. A cancellation asked for before the step opens no task.
   */
  async function personOrCancel<T>(step: Omit<PersonStep<T>, 'caseId' | 'title' | 'titleText' | 'customerId' | 'onCreated'>, deadline?: number): Promise<Raced<T>> {
    if (cancelRequest) return { kind: 'cancelled' };
    if (deadline !== undefined && deadline <= Date.now()) return { kind: 'expired' };
    let taskId: number | undefined;
    let result: PersonStepResult<T> | undefined;
    let failure: { error: unknown } | undefined;
    const scope = new CancellationScope();
    const person = scope.run(() =>
      waitForPerson<T>({
        ...step,
        caseId,
        customerId: order.customerId,
        title: `移机工单 ${order.orderNo} ${order.oldNumber} ${order.newAddress}`,
        titleText: { code: 'relocation-order', params: { orderNo: order.orderNo, serviceNo: order.oldNumber, address: order.newAddress } },
        onCreated: (id) => {
          taskId = id;
          status.taskId = id;
        },
      }),
    );
    void person.then(
      (done) => (result = done),
      (error) => (failure = { error }),
    );
    const settled = () => result !== undefined || failure !== undefined || cancelRequest !== undefined;
    if (deadline === undefined) await condition(settled);
    else await condition(settled, deadline - Date.now());
    if (result) return { kind: 'done', result };
    if (failure) throw failure.error;
    const ended: Raced<T> = cancelRequest ? { kind: 'cancelled' } : { kind: 'expired' };
    scope.cancel();
    await person.catch((err) => {
      if (!isCancellation(err)) throw err;
    });
    if (taskId !== undefined) await central.cancelRelocationTask({ taskId, caseId, reason: ended.kind === 'expired' ? 'reservation-expired' : 'order-cancelled' });
    status.taskId = undefined;
    return ended;
  }

  async function cancel(code: RelocationCancelCode): Promise<RelocationOrderResult> {
    status.stage = 'cancelling';
    status.taskId = undefined;
    const request = code === 'cancelled' ? cancelRequest : undefined;
    const done = await central.cancelRelocationOrder({ ...ids, code, ...(request ? { reason: request.reason, byUserId: request.byUserId } : {}) });
    cancelled = { orderNo: order.orderNo, code, refundedFen: done.refundedFen };
    status.stage = 'cancelled';
    await setStep('relocation-cancelled', 'completed');
    await condition(allHandlersFinished);
    return { outcome: 'cancelled', orderNo: order.orderNo, code, refundedFen: done.refundedFen };
  }

  // 收费: paid within the reservation time, or the order is cancelled and its number freed.
  status.stage = 'payment';
  await setStep('relocation-payment');
  const amountDueFen = order.feeTotalFen + order.depositFen;
  const payment = await personOrCancel(
    {
      step: 'relocation-payment',
      ...toRoles(['cashier']),
      payload: payload({ amountDueFen, feeLines: order.feeLines, feeTotalFen: order.feeTotalFen, depositFen: order.depositFen }),
      policy: policy.steps.payment,
      check: checkPayment,
    },
    startedAt + policy.numbers.reservationMinutes * 60_000,
  );
  if (payment.kind !== 'done') return cancel(payment.kind === 'expired' ? 'reservation-expired' : 'cancelled');
  await central.recordRelocationPayment({ ...ids, byUserId: payment.result.completedById, invoiceNo: payment.result.value.invoiceNo, reservedUntil: keepNumberUntil() });

  // 稽核: by the rules or the sample; the rest pass by themselves.
  const decision = await central.decideRelocationAudit({ ...ids, audit: policy.audit });
  status.auditRequired = decision.required;
  status.auditReasons = decision.reasons;
  let rejection: string | undefined;
  while (decision.required) {
    status.stage = 'audit';
    await setStep('relocation-audit');
    const audit = await personOrCancel({
      step: 'relocation-audit',
      ...toRoles(['checker']),
      // Four eyes: never the clerk who accepted the order, and not offered them by name.
      excludedUserIds: [order.acceptedById],
      refusePerson: (person) => (person.userId === order.acceptedById ? { code: 'OWN_RELOCATION_ORDER', reason: 'The clerk who accepted an order never audits it' } : null),
      payload: payload({
        auditReasons: decision.reasons,
        ...(decision.draw !== null ? { auditDraw: decision.draw, sampleShare: policy.audit.sampleShare } : {}),
        feeLines: order.feeLines,
        feeComputedFen: order.feeComputedFen,
        feeTotalFen: order.feeTotalFen,
        depositFen: order.depositFen,
        acceptedById: order.acceptedById,
        acceptedByName: order.acceptedByName,
        loop: status.loops,
        ...(rejection ? { lastRejection: rejection } : {}),
      }),
      policy: policy.steps.audit,
      check: checkAudit,
    });
    if (audit.kind !== 'done') return cancel('cancelled');
    const { value } = audit.result;
    status.loops = await central.recordRelocationAudit({ ...ids, taskId: audit.result.taskId, byUserId: audit.result.completedById, result: value, reservedUntil: keepNumberUntil() });
    if (value.decision === 'pass') break;
    rejection = value.reason;

    status.stage = 'fix';
    await setStep('relocation-fix');
    const fix = await personOrCancel({
      step: 'relocation-fix',
      ...toClerk(order),
      payload: payload({ rejection, loop: status.loops }),
      policy: policy.steps.acceptanceFix,
      check: checkFix,
    });
    if (fix.kind !== 'done') return cancel('cancelled');
    await central.recordRelocationResubmission({ ...ids, taskId: fix.result.taskId, byUserId: fix.result.completedById, result: fix.result.value, reservedUntil: keepNumberUntil() });
    if (fix.result.value.contactName) current.contactName = fix.result.value.contactName;
    if (fix.result.value.contactPhone) current.contactPhone = fix.result.value.contactPhone;
  }

  // 装机: by the team, or a new appointment and again.
  let reschedules = 0;
  let installedBy: PersonStepResult<{ outcome: 'installed'; note?: string }> | undefined;
  while (!installedBy) {
    status.stage = 'install';
    await setStep('relocation-install');
    const members = await central.relocationInstallers({ teamCode: order.teamCode });
    const install = await personOrCancel({
      step: 'relocation-install',
      ...toTeam(order.teamName, members),
      payload: payload({ contactPhone: current.contactPhone, reschedules }),
      policy: policy.steps.installation,
      check: checkInstall,
    });
    if (install.kind !== 'done') return cancel('cancelled');
    const { value } = install.result;
    if (value.outcome === 'installed') {
      // From here on the order can no longer be cancelled.
      status.stage = 'installing';
      installedBy = { ...install.result, value };
      break;
    }
    await central.recordRelocationInstallFailure({ ...ids, taskId: install.result.taskId, byUserId: install.result.completedById, reason: value.reason });

    let refused: { code: 'SLOT_FULL'; date: string; slot: string } | undefined;
    for (;;) {
      status.stage = 'reschedule';
      await setStep('relocation-reschedule');
      // As far ahead as it may book (a policy of an order opened before the figure was a parameter lacks it).
      const daysAhead = policy.appointmentDaysAhead ?? APPOINTMENT_MAX_DAYS_AHEAD;
      const full: BookedSlot[] = await central.relocationFullSlots({ orderId: order.orderId, fromDate: chinaDate(Date.now()), days: daysAhead + 1, slots: policy.appointmentSlots });
      const reschedule = await personOrCancel({
        step: 'relocation-reschedule',
        ...toRoles(['clerk']),
        payload: payload({
          installFailure: value.reason,
          slots: policy.appointmentSlots,
          fullSlots: full,
          ...(refused ? { refusal: { code: refused.code, params: { date: refused.date, slot: refused.slot } } } : {}),
        }),
        policy: policy.steps.acceptanceFix,
        check: (raw, now) => checkReschedule(raw, now, policy.appointmentSlots, full, daysAhead),
      });
      if (reschedule.kind !== 'done') return cancel('cancelled');
      const { date, slot } = reschedule.result.value;
      const booked = await central.rescheduleRelocation({
        ...ids,
        taskId: reschedule.result.taskId,
        byUserId: reschedule.result.completedById,
        date,
        slot,
        slots: policy.appointmentSlots,
        reservedUntil: keepNumberUntil(date),
      });
      if (booked.ok) {
        current.appointmentDate = date;
        current.appointmentSlot = slot;
        reschedules++;
        break;
      }
      // Taken meanwhile: the clerk chooses again, told why.
      refused = booked;
    }
  }

  status.taskId = undefined;
  const moved = await central.completeRelocationInstallation({
    ...ids,
    byUserId: installedBy.completedById,
    at: new Date().toISOString(),
    quarantineDays: policy.numbers.quarantineDays,
    announcementDays: policy.announcementDays,
    ...(installedBy.value.note ? { note: installedBy.value.note } : {}),
  });
  await textCustomer({
    idempotencyKey: installedSmsKey(order.orderNo),
    channel: 'sms',
    recipient: current.contactPhone,
    body: installedSmsText(order),
    purpose: INSTALLED_SMS_PURPOSE,
    customerId: order.customerId,
    caseId,
  });

  if (order.announcement) {
    status.stage = 'announcing';
    await setStep('relocation-announcing');
    await sleep(policy.announcementDays * DAY_MS);
    await central.endRelocationAnnouncement(ids);
  }
  status.stage = 'done';
  await setStep('relocation-done', 'completed');
  await condition(allHandlersFinished);
  return { outcome: 'installed', orderNo: order.orderNo, serviceNo: moved.serviceNo, auditRequired: decision.required, loops: status.loops, reschedules };
}

type Routing = { candidates: TaskCandidates; routingReason: string; routingText: TaskRouting };

function toRoles(roles: Role[]): Routing {
  return { candidates: { candidateRoles: roles, candidateUserIds: [] }, routingReason: `offered to ${roles.join(', ')}`, routingText: { code: 'relocation-roles', params: { roles } } };
}

/** Back to the clerk who accepted the order. */
function toClerk(order: RelocationOrderFacts): Routing {
  return {
    candidates: { candidateRoles: [], candidateUserIds: [order.acceptedById] },
    routingReason: `back to the accepting clerk ${order.acceptedByName}`,
    routingText: { code: 'relocation-clerk', params: { clerkName: order.acceptedByName } },
  };
}

/** The order's installation team: its members, or the crew role when it lists nobody. */
function toTeam(teamName: string, members: number[]): Routing {
  if (members.length === 0) return { ...toRoles(['crew']), routingReason: `team ${teamName} lists no members: offered to crew` };
  return { candidates: { candidateRoles: [], candidateUserIds: members }, routingReason: `installation team ${teamName}`, routingText: { code: 'relocation-team', params: { teamName } } };
}

/**
 * 差评返工: an installed order a revisit sent back to its team, on the order's own case. The
 * team redoes the installation (a failed visit is recorded and offered to the team again); no
 * cancellation, no payment, no number change — the revisit's recovery check asks the customer.
 */
async function redoInstallation(
  reopen: NonNullable<RelocationOrderInput['reopen']>,
  policy: Awaited<ReturnType<RelocationActivities['loadRelocationPolicy']>>,
  order: Awaited<ReturnType<RelocationActivities['getRelocationOrder']>>,
  status: RelocationStatus,
): Promise<RelocationOrderResult> {
  status.stage = 'rework';
  let caseId = reopen.caseId;
  if (!caseId) {
    caseId = await central.openCase({ type: 'relocation', title: `移机 ${order.orderNo} ${order.oldNumber}`, customerId: order.customerId });
    await central.linkRelocationCase({ orderId: order.orderId, caseId });
  }
  status.caseId = caseId;
  await central.setCaseStep({ caseId, step: 'relocation-reopened', state: 'running' });
  let installFailure: string | undefined;
  for (;;) {
    await central.setCaseStep({ caseId, step: 'relocation-install' });
    const members = await central.relocationInstallers({ teamCode: order.teamCode });
    const done = await waitForPerson({
      step: 'relocation-install',
      ...toTeam(order.teamName, members),
      caseId,
      customerId: order.customerId,
      title: `移机工单 ${order.orderNo} ${order.oldNumber} ${order.newAddress}`,
      titleText: { code: 'relocation-order', params: { orderNo: order.orderNo, serviceNo: order.oldNumber, address: order.newAddress } },
      payload: { orderNo: order.orderNo, serviceNo: order.newNumber, newAddress: order.newAddress, teamName: order.teamName, contactName: order.contactName, contactPhone: order.contactPhone, revisitNo: reopen.revisitNo, ...(installFailure ? { installFailure } : {}) },
      policy: policy.steps.installation,
      check: checkInstall,
      onCreated: (id) => (status.taskId = id),
    });
    status.taskId = undefined;
    if (done.value.outcome === 'installed') {
      await central.finishRelocationRework({ orderId: order.orderId, caseId, revisitNo: reopen.revisitNo, byUserId: done.completedById, ...(done.value.note ? { note: done.value.note } : {}) });
      break;
    }
    installFailure = done.value.reason;
    await central.recordRelocationInstallFailure({ orderId: order.orderId, caseId, taskId: done.taskId, byUserId: done.completedById, reason: done.value.reason });
  }
  status.stage = 'done';
  await central.setCaseStep({ caseId, step: 'relocation-redone', state: 'completed' });
  return { outcome: 'redone', orderNo: order.orderNo };
}

/** Texts the customer; a gateway still failing after the retries leaves the message pending in the outbox. */
async function textCustomer(message: Parameters<MessagingActivities['sendMessage']>[0]): Promise<void> {
  try {
    await sms.sendMessage(message);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('the installation SMS was not sent; the order goes on without it', { idempotencyKey: message.idempotencyKey, error: String(err.cause?.message ?? err.message) });
  }
}
