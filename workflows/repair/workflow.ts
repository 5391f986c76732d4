import { ActivityFailure, CancellationScope, condition, defineQuery, defineSignal, isCancellation, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { MessagingActivities } from '../../activities/messaging/activities';
import type { RepairActivities } from '../../activities/repair';
import type { TaskActivities } from '../../activities/tasks';
import type { CaseStepInstance } from '../../domain/processes';
import type { DispatchRefusal, DispatchTarget } from '../../domain/repair/crews';
import { matchDispatchRule } from '../../domain/repair/dispatch-rules';
import { checkAccept, checkCallback, checkClose, checkCompensation, checkDispatch, checkWork, type CallbackResult } from '../../domain/repair/forms';
import type { RepairPolicy } from '../../domain/repair/policy';
import { findCategory } from '../../domain/repair/categories';
import { RATING_SMS_PURPOSE, ratingSmsKey, ratingSmsText } from '../../domain/repair/rating-sms';
import { minutesUntil } from '../../domain/repair/sla';
import type { HumanStepPolicy } from '../../domain/tasks/escalation';
import { waitForPerson } from '../human/wait-for-person';

export interface RepairOrderInput {
  orderId: number;
  orderNo: string;
  /** Set when a revisit after a bad review sent the done order back to its crew (差评返工). */
  reopen?: RepairReopenInput;
}

/** A rework: the crew that did the order redoes it on the order's own case, and the dispatcher closes it again. */
export interface RepairReopenInput {
  revisitNo: string;
  /** The order's case, where the rework continues; null for an order that never had one (a new case opens). */
  caseId: number | null;
  /** The order's loop count once reopened. */
  loop: number;
  crew: { userId: number; name: string };
}

export type RepairOrderResult = { outcome: 'rated'; rating: number; via: 'agent' | 'sms'; loops: number } | { outcome: 'redone'; loops: number };

export interface RepairStatus {
  stage: 'starting' | 'dispatch' | 'accept' | 'work' | 'compensation' | 'close' | 'callback' | 'done';
  caseId?: number;
  crewUserId?: number;
  /** The crew (班组) the order waits at, until one of its members accepts. */
  crewCode?: string;
  /** The open task of the current step. */
  taskId?: number;
  loops: number;
}

/** The customer's SMS reply read as a rating (api/repair: POST /api/sms/inbound). */
export interface SmsRating {
  rating: number;
  replyId: number;
}

export const repairStatusQuery = defineQuery<RepairStatus>('repairStatus');
export const repairSmsRatingSignal = defineSignal<[SmsRating]>('repairSmsRating');

const central = proxyActivities<RepairActivities & TaskActivities & MessagingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The rating request is tried a few times only: while the SMS gateway is down the callback
 * task opens anyway (the agent calls instead) and the message stays pending in the outbox.
 */
const ratingSms = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Orders placed by the policy's dispatch rules before any dispatcher sees them (patched: histories from before replay without it). */
export const REPAIR_DISPATCH_RULES = 'repair-dispatch-rules';
/** The SMS asking the requester for a rating once the order is closed (patched likewise). */
export const REPAIR_RATING_SMS = 'repair-rating-sms';
/** Dispatch to a crew (班组) as well as to a person (patched likewise). */
export const REPAIR_CREW_TEAMS = 'repair-crew-teams';

/** A dispatch that placed the order: with a crew member, or with a crew; whom its accept task goes to. */
type Dispatched = { crewName: string; routing: Routing } & ({ crewUserId: number; crewCode?: undefined } | { crewCode: string; crewUserId?: undefined });
/** Why the last dispatch did not place the order: on the next dispatch task's payload. */
type DispatchRefused = { dispatchRefusal: DispatchRefusal; refusedName: string };

/**
 * A repair order (故障报修, domain brief §3): a dispatcher sends it to a crew member, who
 * accepts (or refuses: back to dispatch) and reports the work; a liable party's compensation
 * is settled before the dispatcher closes it (结单); then the callback (回访) rates it — an
 * agent's call or the customer's SMS — or rejects it back to the crew. The policy is read once.
 * A dispatch rule of the policy may place the order with a crew member at once; the dispatcher
 * then sees it only when the crew member refuses it (or is no longer active crew). A dispatch
 * may name a crew (班组) instead: all its active members are offered the order, and whoever
 * accepts first is its crew member from then on. A revisit after a bad review may run it again
 * on a done order (`reopen`): the same crew member redoes the work, the dispatcher closes it
 * again, and the revisit's own recovery check stands in for the callback.
 */
export async function repairOrder(input: RepairOrderInput): Promise<RepairOrderResult> {
  const status: RepairStatus = { stage: 'starting', loops: 0 };
  let smsRating: SmsRating | undefined;
  setHandler(repairStatusQuery, () => status);
  setHandler(repairSmsRatingSignal, (rating) => {
    if (status.stage === 'callback') smsRating = rating;
  });

  const [policy, order] = await Promise.all([central.loadRepairPolicy(), central.getRepairOrder(input.orderId)]);
  const { reopen } = input;
  let caseId: number;
  if (reopen?.caseId) {
    caseId = reopen.caseId;
  } else {
    caseId = await central.openCase({ type: 'repair', title: `报修 ${order.orderNo} ${order.place}`, ...(order.customerId ? { customerId: order.customerId } : {}) });
    await central.linkRepairCase({ orderId: input.orderId, caseId });
  }
  status.caseId = caseId;
  const setStep = (step: CaseStepInstance<'repair'>, state?: 'running' | 'completed') => central.setCaseStep({ caseId, step, state });
  if (reopen) {
    // The order's case runs again: back to the crew that did the work.
    status.loops = reopen.loop;
    await setStep('repair-reopened', 'running');
  }

  const openedAt = Date.parse(order.openedAt);
  const sla = policy.sla[order.priority];
  /** A step bound to an SLA stage: due when the stage is, then escalating every SLA period. */
  const byStage = (stageMinutes: number): HumanStepPolicy => ({ slaMinutes: minutesUntil(openedAt + stageMinutes * 60_000, Date.now()), onOverdue: policy.onOverdue });
  const common = {
    caseId,
    ...(order.customerId ? { customerId: order.customerId } : {}),
    title: `报修工单 ${order.orderNo} ${order.place}`,
    titleText: { code: 'repair-order' as const, params: { orderNo: order.orderNo, place: order.place } },
    // What people read on the task: the category's code, which the back office words in its
    // language, and the designer's name of it for a code the catalogs do not know.
    payload: { orderNo: order.orderNo, category: order.category, categoryName: findCategory(policy, order.category)?.leaf.name ?? order.category, place: order.place, description: order.description },
    priority: order.priority === 'urgent' ? 1 : order.priority === 'high' ? 2 : 3,
    onCreated: (taskId: number) => {
      status.taskId = taskId;
    },
  };
  const toRoles = (roles: ['dispatcher'] | ['cashier'] | ['agent']) => ({
    candidates: { candidateRoles: [...roles], candidateUserIds: [] },
    routingReason: `offered to ${roles.join(', ')}`,
    routingText: { code: 'repair-roles' as const, params: { roles: [...roles] } },
  });

  // Dispatch until a crew member accepts: by a rule first, if one places the order, then by the
  // dispatcher. The rule is tried once; a refusal goes to the dispatcher, never back to it.
  let byRule = !reopen && patched(REPAIR_DISPATCH_RULES) ? matchDispatchRule(policy, { area: order.area, category: order.category }) : undefined;
  // A dispatch (a dispatcher's or a rule's) may name a crew (班组): every active member is offered
  // the order and the first to accept becomes its crew member. Histories from before replay
  // without: their dispatches name a person, and their form takes nothing else.
  const crews = patched(REPAIR_CREW_TEAMS);
  /** Records a dispatch and answers whom the accept task goes to, or why it cannot go (shown to the dispatcher next). */
  const place = async (target: DispatchTarget, by: { byUserId: number } | { ruleIndex: number }): Promise<Dispatched | { refused?: DispatchRefused }> => {
    if ('crewCode' in target) {
      if (!crews) return {};
      const chosen = await central.recordRepairDispatch({ orderId: input.orderId, caseId, crewCode: target.crewCode, ...by });
      if (!chosen.ok) return { refused: { dispatchRefusal: chosen.code, refusedName: chosen.name } };
      return { crewCode: target.crewCode, crewName: chosen.crewName, routing: crewTeamRouting(chosen.crewName, chosen.candidateUserIds) };
    }
    const chosen = await central.recordRepairDispatch({ orderId: input.orderId, caseId, crewUserId: target.crewUserId, ...by });
    // Before crews the refusal said nothing of why (and the dispatch task nothing of it).
    if (!chosen.ok) return crews && chosen.code ? { refused: { dispatchRefusal: chosen.code, refusedName: chosen.name } } : {};
    return { crewUserId: target.crewUserId, crewName: chosen.crewName, routing: crewRouting(target.crewUserId, chosen.crewName) };
  };
  let refused: DispatchRefused | undefined;
  // A rework goes straight to the crew member who did the order.
  let crew: { userId: number; name: string } | undefined = reopen?.crew;
  while (!crew) {
    let dispatched: Dispatched | undefined;
    if (byRule) {
      const { index, target } = byRule;
      byRule = undefined;
      const placed = await place(target, { ruleIndex: index });
      if ('routing' in placed) dispatched = placed;
      else refused = placed.refused;
    }
    if (!dispatched) {
      status.stage = 'dispatch';
      status.crewUserId = undefined;
      status.crewCode = undefined;
      await setStep('repair-dispatch');
      const dispatch = await waitForPerson({
        ...common,
        ...(refused ? { payload: { ...common.payload, ...refused } } : {}),
        ...toRoles(['dispatcher']),
        step: 'repair-dispatch',
        policy: byStage(sla.responseMinutes),
        check: (raw) => checkDispatch(raw, { crews }),
      });
      const placed = await place(dispatch.value, { byUserId: dispatch.completedById });
      if (!('routing' in placed)) {
        refused = placed.refused;
        continue;
      }
      dispatched = placed;
    }
    refused = undefined;
    status.stage = 'accept';
    status.crewUserId = dispatched.crewUserId;
    status.crewCode = dispatched.crewCode;
    await setStep('repair-accept');
    const decision = await waitForPerson({
      ...common,
      ...dispatched.routing,
      step: 'repair-accept',
      policy: byStage(sla.responseMinutes),
      check: checkAccept,
    });
    const accepted = decision.value.decision === 'accept';
    // A crew's order goes to the member who accepted it (or whom a delegate accepted for).
    const toCrew = dispatched.crewCode !== undefined;
    const member = dispatched.crewUserId ?? decision.actingForId ?? decision.completedById;
    const decided = await central.recordCrewDecision({
      orderId: input.orderId,
      caseId,
      byUserId: decision.completedById,
      accepted,
      ...(decision.value.decision === 'refuse' ? { reason: decision.value.reason } : {}),
      ...(accepted && toCrew ? { crewUserId: member } : {}),
    });
    if (accepted) crew = { userId: member, name: (toCrew && decided?.crewName) || dispatched.crewName };
  }
  status.crewUserId = crew.userId;

  // Work, compensation, close and callback, until the callback accepts the repair.
  for (;;) {
    status.stage = 'work';
    await setStep('repair-work');
    // A redo after a callback rejection has a fix time of its own, from the rejection.
    const fixPolicy = status.loops === 0 ? byStage(sla.fixMinutes) : { slaMinutes: sla.fixMinutes, onOverdue: policy.onOverdue };
    const work = await waitForPerson({ ...common, ...crewRouting(crew.userId, crew.name), step: 'repair-work', policy: fixPolicy, check: checkWork });
    const recorded = await central.recordRepairWork({ orderId: input.orderId, caseId, byUserId: work.completedById, work: work.value });
    if (!recorded.ok) continue;

    if (recorded.compensationId) {
      status.stage = 'compensation';
      await setStep('repair-compensation');
      const settled = await waitForPerson({ ...common, ...toRoles(['cashier']), step: 'repair-compensation', policy: policy.compensation, check: checkCompensation });
      await central.settleRepairCompensation({ orderId: input.orderId, caseId, compensationId: recorded.compensationId, byUserId: settled.completedById, result: settled.value });
    }

    status.stage = 'close';
    await setStep('repair-close');
    const close = await waitForPerson({ ...common, ...toRoles(['dispatcher']), step: 'repair-close', policy: policy.close, check: checkClose });
    await central.closeRepairOrder({ orderId: input.orderId, caseId, byUserId: close.completedById, ...close.value });
    if (reopen) {
      // The revisit that reopened it checks whether the customer is recovered: no callback here.
      await central.finishRepairRework({ orderId: input.orderId, caseId, revisitNo: reopen.revisitNo });
      status.stage = 'done';
      status.taskId = undefined;
      await setStep('repair-redone', 'completed');
      return { outcome: 'redone', loops: status.loops };
    }

    status.stage = 'callback';
    smsRating = undefined;
    await setStep('repair-callback');
    // The requester is texted for a rating (once per round), then the callback waits as before.
    if (order.contactPhone && patched(REPAIR_RATING_SMS)) {
      await askForRating({
        idempotencyKey: ratingSmsKey(order.orderNo, status.loops),
        channel: 'sms',
        recipient: order.contactPhone,
        body: ratingSmsText(policy.ratingSmsTemplate, order),
        purpose: RATING_SMS_PURPOSE,
        ...(order.customerId ? { customerId: order.customerId } : {}),
        caseId,
      });
    }
    const callback = await callbackOrSms(common, toRoles(['agent']), policy, () => smsRating, caseId, status);
    if (callback.kind === 'person' && callback.value.outcome === 'reject') {
      status.loops = await central.reopenRepairOrder({ orderId: input.orderId, caseId, byUserId: callback.byUserId, reason: callback.value.reason });
      continue;
    }
    const rating = callback.kind === 'sms' ? callback.rating.rating : (callback.value as Extract<CallbackResult, { outcome: 'accept' }>).rating;
    await central.recordRepairRating({
      orderId: input.orderId,
      caseId,
      rating,
      badRatingThreshold: policy.badRatingThreshold,
      ...(callback.kind === 'sms'
        ? { via: 'sms' as const, smsReplyId: callback.rating.replyId }
        : { via: 'agent' as const, byUserId: callback.byUserId, ...((callback.value as { comment?: string }).comment ? { comment: (callback.value as { comment?: string }).comment } : {}) }),
    });
    status.stage = 'done';
    status.taskId = undefined;
    await setStep('repair-closed', 'completed');
    return { outcome: 'rated', rating, via: callback.kind === 'sms' ? 'sms' : 'agent', loops: status.loops };
  }
}

type Routing = Pick<Parameters<typeof waitForPerson>[0], 'candidates' | 'routingReason' | 'routingText'>;

function crewRouting(userId: number, name: string): Routing {
  return {
    candidates: { candidateRoles: [], candidateUserIds: [userId] },
    routingReason: `dispatched to crew member ${name}`,
    routingText: { code: 'repair-crew' as const, params: { crewName: name } },
  };
}

/** A crew's order: offered to every active member of it (the dispatch activity names them). */
function crewTeamRouting(crewName: string, memberIds: number[]): Routing {
  return {
    candidates: { candidateRoles: [], candidateUserIds: [...memberIds] },
    routingReason: `dispatched to crew ${crewName}`,
    routingText: { code: 'repair-crew' as const, params: { crewName } },
  };
}

/** Sends the rating request; a gateway still failing after the retries leaves it to the agent's callback. */
async function askForRating(message: Parameters<MessagingActivities['sendMessage']>[0]): Promise<void> {
  try {
    await ratingSms.sendMessage(message);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('the rating SMS was not sent; the callback goes on without it', { idempotencyKey: message.idempotencyKey, error: String(err.cause?.message ?? err.message) });
  }
}

type CallbackOutcome = { kind: 'person'; value: CallbackResult; byUserId: number } | { kind: 'sms'; rating: SmsRating };

/** The agent's callback task, unless the customer's SMS rating comes first (the task is then cancelled). */
async function callbackOrSms(
  common: Omit<Parameters<typeof waitForPerson>[0], 'step' | 'policy' | 'check' | 'candidates' | 'routingReason' | 'routingText'>,
  routing: Pick<Parameters<typeof waitForPerson>[0], 'candidates' | 'routingReason' | 'routingText'>,
  policy: RepairPolicy,
  sms: () => SmsRating | undefined,
  caseId: number,
  status: RepairStatus,
): Promise<CallbackOutcome> {
  let taskId: number | undefined;
  const scope = new CancellationScope();
  const person = scope.run(() =>
    waitForPerson({
      ...common,
      ...routing,
      step: 'repair-callback',
      policy: policy.callback,
      check: checkCallback,
      onCreated: (id) => {
        taskId = id;
        status.taskId = id;
      },
    }),
  );
  const byPerson = person.then((done): CallbackOutcome => ({ kind: 'person', value: done.value, byUserId: done.completedById }));
  // The SMS counts once the task exists, so cancelling never races its creation.
  const bySms = condition(() => sms() !== undefined && taskId !== undefined).then((): CallbackOutcome => ({ kind: 'sms', rating: sms()! }));
  const first = await Promise.race([byPerson, bySms]);
  if (first.kind === 'sms') {
    scope.cancel();
    await person.catch((err) => {
      if (!isCancellation(err)) throw err;
    });
    await central.cancelRepairTask({ taskId: taskId!, caseId, reason: 'rated-by-sms' });
  }
  return first;
}
