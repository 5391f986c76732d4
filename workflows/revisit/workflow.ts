import { ActivityFailure, condition, defineQuery, defineSignal, executeChild, log, ParentClosePolicy, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { MessagingActivities } from '../../activities/messaging/activities';
import type { RevisitActivities, RevisitFacts, RevisitOutcome } from '../../activities/revisit';
import type { TaskActivities } from '../../activities/tasks';
import type { Role } from '../../domain/permissions';
import type { CaseStepInstance } from '../../domain/processes';
import { nextAttempt } from '../../domain/revisit/attempts';
import { checkContactAttempt, checkEscalation, checkRecoveryCheck } from '../../domain/revisit/forms';
import { RECOVERY_SURVEY_PURPOSE, recoveredByRating, recoverySurveyKey, recoverySurveyText } from '../../domain/revisit/survey';
import type { TaskCandidates } from '../../domain/tasks/escalation';
import type { TaskRouting } from '../../domain/tasks/texts';
import { type PersonStep, waitForPerson } from '../human/wait-for-person';
import { RELOCATION_WORKFLOW_TYPE } from '../relocation/ids';
import type { relocationOrder } from '../relocation/workflow';
import { REPAIR_WORKFLOW_TYPE } from '../repair/ids';
import type { repairOrder } from '../repair/workflow';

export interface RevisitCaseInput {
  revisitNo: string;
}

export interface RevisitCaseResult {
  revisitNo: string;
  outcome: RevisitOutcome;
  attempts: number;
}

export type RevisitStage = 'starting' | 'contact' | 'retry-wait' | 'reopened' | 'recovery-wait' | 'survey' | 'recovery' | 'escalation' | 'closed';

export interface RevisitStatus {
  stage: RevisitStage;
  caseId?: number;
  taskId?: number;
  /** Contact attempts made so far. */
  attempts: number;
  /** The workflow redoing the rated order, while the revisit waits for it. */
  reopenWorkflowId?: string;
}

export const revisitStatusQuery = defineQuery<RevisitStatus>('revisitStatus');

/** The customer's reply to the recovery survey, read as a rating (POST /api/sms/inbound). */
export interface SurveyReply {
  rating: number;
  replyId: number;
}
export const revisitSurveyReplySignal = defineSignal<[SurveyReply]>('revisitSurveyReply');

const central = proxyActivities<RevisitActivities & TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The survey is tried a few times only: while the gateway is down it stays pending in the outbox, and someone calls instead. */
const sms = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** The supervisor may reopen the rated order from the call (patched: histories from before replay without it). */
export const REVISIT_REOPEN = 'revisit-reopen';

const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

type Routing = Pick<PersonStep<unknown>, 'candidates' | 'routingReason' | 'routingText'>;

/**
 * A revisit after a bad review (差评回访, domain/revisit/process.ts), opened by the rating intake
 * with one revisit per order and customer. The supervisor of whoever did the work calls the
 * customer (its first-contact SLA escalates through the human-step ladder): no answer counts an
 * attempt and the next follows after the policy's interval, until the attempts run out and the
 * revisit closes unreachable; reached, the cause, what the customer said, the corrective action
 * and who is responsible are recorded. After the policy's days a recovery check asks again:
 * recovered closes it; not recovered goes to the next level of management, who acknowledges it
 * with the whole history in front of them. The policy is read once.
 */
export async function revisitCase(input: RevisitCaseInput): Promise<RevisitCaseResult> {
  const status: RevisitStatus = { stage: 'starting', attempts: 0 };
  let surveyReply: SurveyReply | undefined;
  setHandler(revisitStatusQuery, () => status);
  // Only while the survey waits; a reply after it (someone calls instead) changes nothing.
  setHandler(revisitSurveyReplySignal, (reply) => {
    if (status.stage === 'survey' && surveyReply === undefined) surveyReply = reply;
  });

  const [policy, facts] = await Promise.all([central.loadRevisitPolicy(), central.getRevisit(input.revisitNo)]);
  const caseId = await central.openCase({ type: 'revisit', title: `差评回访 ${facts.revisitNo} ${facts.orderNo}`, ...(facts.customerId ? { customerId: facts.customerId } : {}) });
  status.caseId = caseId;
  await central.linkRevisitCase({ revisitId: facts.revisitId, caseId });
  const setStep = (step: CaseStepInstance<'revisit'>, state?: 'completed') => central.setCaseStep({ caseId, step, state });
  const ids = { revisitId: facts.revisitId, caseId };
  const attemptsAllowed = policy.attempts.retryAfterMinutes.length + 1;

  /** What every task of the revisit shows, with the step's own fields. */
  const payload = (extra: Record<string, unknown> = {}) => ({
    revisitNo: facts.revisitNo,
    process: facts.process,
    orderNo: facts.orderNo,
    customerNo: facts.customerNo,
    customerName: facts.customerName,
    contactPhone: facts.contactPhone,
    rating: facts.rating,
    comment: facts.comment,
    badReasons: facts.reasons,
    ...extra,
  });

  const person = <T>(step: Omit<PersonStep<T>, 'caseId' | 'title' | 'titleText' | 'customerId' | 'onCreated'>) =>
    waitForPerson<T>({
      ...step,
      caseId,
      ...(facts.customerId ? { customerId: facts.customerId } : {}),
      title: `差评回访 ${facts.revisitNo} ${facts.orderNo}`,
      titleText: { code: 'revisit-case', params: { revisitNo: facts.revisitNo, orderNo: facts.orderNo, customerName: facts.customerName ?? '' } },
      onCreated: (id) => (status.taskId = id),
    });

  /** Texts the survey; a gateway still failing after the retries leaves it pending, and someone calls. */
  async function sendSurvey(phone: string): Promise<boolean> {
    try {
      await sms.sendMessage({
        idempotencyKey: recoverySurveyKey(facts.revisitNo),
        channel: 'sms',
        recipient: phone,
        body: recoverySurveyText(policy, facts.orderNo),
        purpose: RECOVERY_SURVEY_PURPOSE,
        ...(facts.customerId ? { customerId: facts.customerId } : {}),
        caseId,
      });
      return true;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('the recovery survey was not sent; someone calls instead', { revisitNo: facts.revisitNo, error: String(err.cause?.message ?? err.message) });
      return false;
    }
  }

  async function close(outcome: RevisitOutcome, step: CaseStepInstance<'revisit'>): Promise<RevisitCaseResult> {
    await central.closeRevisit({ ...ids, outcome });
    status.stage = 'closed';
    status.taskId = undefined;
    await setStep(step, 'completed');
    return { revisitNo: facts.revisitNo, outcome, attempts: status.attempts };
  }

  /**
   * 返工: the rated order goes back to whoever did it, through its own workflow (a child the
   * revisit waits for; it outlives the revisit if that is ended by hand). Refused — the order
   * changed since the form was offered — the revisit records why and goes on.
   */
  async function reopenAndWait(taskId: number, byUserId: number, reason: string): Promise<void> {
    const reopened = await central.reopenRatedOrder({ ...ids, taskId, byUserId, reason });
    if (!reopened.ok) return;
    status.stage = 'reopened';
    status.taskId = undefined;
    status.reopenWorkflowId = reopened.workflowId;
    await setStep('revisit-reopened');
    if (reopened.process === 'repair') {
      const { order } = reopened;
      await executeChild<typeof repairOrder>(REPAIR_WORKFLOW_TYPE, {
        workflowId: reopened.workflowId,
        args: [{ orderId: order.orderId, orderNo: order.orderNo, reopen: { revisitNo: facts.revisitNo, caseId: order.caseId, loop: order.loop, crew: order.crew } }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } else {
      await executeChild<typeof relocationOrder>(RELOCATION_WORKFLOW_TYPE, {
        workflowId: reopened.workflowId,
        args: [{ orderNo: reopened.order.orderNo, reopen: { revisitNo: facts.revisitNo, caseId: reopened.order.caseId } }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
    status.reopenWorkflowId = undefined;
    await central.recordOrderRedone(ids);
  }

  // 首次联系: attempts until reached, or unreachable.
  let contact: { causeCode: string; said: string; action: string; responsible: string; reopen?: boolean } | undefined;
  while (!contact) {
    status.stage = 'contact';
    await setStep('revisit-contact');
    const attempt = status.attempts + 1;
    // Whether the call may send the rated order back to be redone: the form offers it only then.
    const reopenable = patched(REVISIT_REOPEN) ? await central.revisitOrderReopenable({ revisitId: facts.revisitId }) : false;
    const done = await person({
      step: 'revisit-contact',
      ...toSupervisor(facts.supervisor, ['dispatcher']),
      payload: payload({ attempt, attemptsAllowed, causes: policy.causes, ...(reopenable ? { reopenable } : {}) }),
      policy: policy.firstContact,
      check: (raw) => checkContactAttempt(raw, policy.causes, { reopenable }),
    });
    const { value } = done;
    if (value.outcome === 'reached') {
      await central.recordRevisitContact({ ...ids, taskId: done.taskId, byUserId: done.completedById, attempt, causeCode: value.causeCode, said: value.said, action: value.action, responsible: value.responsible });
      status.attempts = attempt;
      contact = value;
      if (value.reopen) await reopenAndWait(done.taskId, done.completedById, value.action);
      break;
    }
    status.attempts = await central.recordRevisitAttempt({ ...ids, taskId: done.taskId, byUserId: done.completedById, attempt, ...(value.note ? { note: value.note } : {}) });
    const next = nextAttempt(status.attempts, policy);
    if (next.kind === 'unreachable') return close('unreachable', 'revisit-unreachable');
    status.stage = 'retry-wait';
    status.taskId = undefined;
    await setStep('revisit-retry-wait');
    await sleep(next.afterMinutes * 60_000);
  }

  // 回访复核: some days later, is the customer recovered? An SMS survey first (unless the
  // customer had their week's share of surveys), a call when it gets no answer in time.
  status.stage = 'recovery-wait';
  status.taskId = undefined;
  await setStep('revisit-recovery-wait');
  await sleep(policy.recovery.afterDays * DAY_MS);
  const contactFields = { causeCode: contact.causeCode, said: contact.said, action: contact.action, responsible: contact.responsible };
  let recovered: boolean | undefined;
  let recoveryNote: string | undefined;
  let surveySkipped: 'no-phone' | 'weekly-cap' | 'not-sent' | 'no-reply' | undefined;
  if (!facts.contactPhone) surveySkipped = 'no-phone';
  else if (!(await central.recoverySurveyAllowed({ phone: facts.contactPhone, cap: policy.weeklySmsCap }))) surveySkipped = 'weekly-cap';
  else if (!(await sendSurvey(facts.contactPhone))) surveySkipped = 'not-sent';
  else {
    await central.markRecoverySurveySent({ ...ids, phone: facts.contactPhone });
    status.stage = 'survey';
    await setStep('revisit-survey');
    if (await condition(() => surveyReply !== undefined, policy.recovery.answerHours * HOUR_MS)) {
      const reply = surveyReply!;
      recovered = recoveredByRating(reply.rating, facts.process, policy);
      await central.recordRecoveryCheck({ ...ids, recovered, via: 'sms', rating: reply.rating, replyId: reply.replyId });
    } else {
      surveySkipped = 'no-reply';
    }
  }
  if (recovered === undefined) {
    status.stage = 'recovery';
    await setStep('revisit-recovery');
    const recovery = await person({
      step: 'revisit-recovery',
      ...toSupervisor(facts.supervisor, ['dispatcher']),
      payload: payload({ ...contactFields, causes: policy.causes, ...(surveySkipped ? { surveySkipped } : {}) }),
      policy: policy.firstContact,
      check: checkRecoveryCheck,
    });
    recovered = recovery.value.recovered;
    recoveryNote = recovery.value.note;
    await central.recordRecoveryCheck({ ...ids, taskId: recovery.taskId, byUserId: recovery.completedById, recovered, via: 'call', ...(recoveryNote ? { note: recoveryNote } : {}) });
  }
  if (recovered) return close('recovered', 'revisit-recovered');

  // 升级: the next level of management, with the whole history.
  status.stage = 'escalation';
  await setStep('revisit-escalation');
  const escalation = await person({
    step: 'revisit-escalation',
    ...toSupervisor(facts.manager, ['approver']),
    payload: payload({ ...contactFields, causes: policy.causes, attempts: status.attempts, supervisorName: facts.supervisor?.name ?? null, ...(recoveryNote ? { recoveryNote } : {}) }),
    policy: policy.firstContact,
    check: checkEscalation,
  });
  await central.recordRevisitEscalation({ ...ids, taskId: escalation.taskId, byUserId: escalation.completedById, note: escalation.value.note });
  return close('not-recovered', 'revisit-not-recovered');
}

/** The named supervisor, or the roles when the order names nobody who has one. */
function toSupervisor(person: RevisitFacts['supervisor'], roles: Role[]): Routing {
  if (!person) {
    const candidates: TaskCandidates = { candidateRoles: roles, candidateUserIds: [] };
    const routingText: TaskRouting = { code: 'revisit-roles', params: { roles } };
    return { candidates, routingReason: `no supervisor on record: offered to ${roles.join(', ')}`, routingText };
  }
  return {
    candidates: { candidateRoles: [], candidateUserIds: [person.id] },
    routingReason: `supervisor ${person.name}`,
    routingText: { code: 'revisit-supervisor', params: { supervisorName: person.name } },
  };
}
