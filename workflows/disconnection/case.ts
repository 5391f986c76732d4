import { CancelledFailure, ChildWorkflowHandle, condition, continueAsNew, defineQuery, log, ParentClosePolicy, patched, proxyActivities, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { CaseStepInstance } from '../../domain/processes';
import type { DisconnectionActivities } from '../../activities/disconnection';
import type { TaskActivities } from '../../activities/tasks';
import { whyCannotApprove } from '../../domain/disconnection/application';
import type { DisconnectionPolicy } from '../../domain/disconnection/policy';
import type { DisconnectionProgress } from '../../domain/disconnection/progress';
import { checkApproval, checkReCheck } from '../../domain/tasks/forms';
import { waitForPerson } from '../human/wait-for-person';
import { judgeWindow } from '../../domain/disconnection/protection';
import { disconnectCustomers } from './customers';
import { customerReportsSignal } from './reports';

export interface DisconnectionCaseInput {
  applicantId: number;
  /** Shown to approvers beside the id; the id is what the rules check. */
  applicantName?: string;
  reason: string;
  customerNos: string[];
  title: string;
}

export type { DisconnectionProgress };

/** Carried across continue-as-new once the commands have started. */
interface CommandPhase {
  caseId: number;
  policy: DisconnectionPolicy;
  /** Customers not yet started, by the line their meter hangs on ("site/line"; "" for none). */
  queues: Record<string, string[]>;
  /** Started and still in their command phase, with their line: each holds a place in the window. */
  active: Array<[customerNo: string, line: string]>;
  /** Started and not yet settled (the active ones and those awaiting a hand-entered time). */
  unsettled: string[];
  deferred: string[];
  /** Numbers the batches' workflow ids across runs. */
  nextBatch: number;
  progress: DisconnectionProgress;
}

export const disconnectionProgressQuery = defineQuery<DisconnectionProgress>('disconnectionProgress');

const central = proxyActivities<DisconnectionActivities & TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Batches started per run before continue-as-new. A batch costs its parent about a dozen
 * history events (start, reports, completion and their workflow tasks); 300 keeps a run
 * under half of the 10,240-event limit even when none of them are batched.
 */
const BATCHES_PER_RUN = 300;
/** Continue as new early should a run's history grow past this anyway. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 5_000;
/** Customers of one line in one batch workflow, at most. */
const MAX_BATCH = 25;
/** Outage notices sent by one activity; 10,000 in one would outlast its timeout. */
const NOTICES_PER_ACTIVITY = 500;
/** Cases that watch their batches' results (patched: histories from before replay without it). */
export const CASE_WATCHES_BATCHES = 'case-watches-batches';

/**
 * Disconnection for arrears with approval (欠费停电, domain brief §1): approval levels
 * (never by the applicant), pre-notice SMS, re-check of payers at command time, then child
 * workflows for batches of one line's customers — protection gate, trip, outage time — and
 * archive once every customer has a result.
 */
export async function disconnectionCase(input: DisconnectionCaseInput, resume?: CommandPhase): Promise<DisconnectionProgress> {
  if (resume) return runCommands(input, resume);

  const progress: DisconnectionProgress = {
    stage: 'approval',
    total: input.customerNos.length,
    disconnected: 0,
    manualEntry: 0,
    failed: 0,
    awaitingEntry: 0,
    excluded: 0,
    deferred: 0,
    inFlight: 0,
    remaining: input.customerNos.length,
    pausedUntil: null,
    pauseCode: null,
    pauseReason: null,
  };
  setHandler(disconnectionProgressQuery, () => progress);
  const startedAt = new Date().toISOString();
  const [policy, caseId] = await Promise.all([central.loadDisconnectionPolicy(), central.openCase({ type: 'disconnection', title: input.title })]);
  const step = (name: CaseStepInstance<'disconnection'>, state?: 'completed' | 'failed') => central.setCaseStep({ caseId, step: name, state });

  const approverIds: number[] = [];
  for (const [index, level] of policy.approvalLevels.entries()) {
    await step(`approval-${index + 1}`);
    const approval = await waitForPerson({
      caseId,
      step: 'disconnection-approval',
      title: `停电审批（${level.name}）${input.title}`,
      titleText: { code: 'disconnection-approval', params: { level: index + 1, customers: input.customerNos.length, ...(input.applicantName ? { applicantName: input.applicantName } : {}) } },
      candidates: { candidateRoles: level.approverRoles, candidateUserIds: [] },
      // Never the applicant, nor who approved an earlier level (whyCannotApprove): not offered them by name.
      excludedUserIds: [input.applicantId, ...approverIds],
      routingReason: `approval level ${index + 1} "${level.name}": roles ${level.approverRoles.join(', ')}`,
      routingText: { code: 'approval-level', params: { level: index + 1, roles: level.approverRoles } },
      payload: { level: level.name, reason: input.reason, applicantId: input.applicantId, ...(input.applicantName ? { applicantName: input.applicantName } : {}), customers: input.customerNos.length, sample: input.customerNos.slice(0, 20) },
      policy: level,
      refusePerson: (person) =>
        whyCannotApprove({ applicantId: input.applicantId, approverId: person.userId, approverRoles: person.roles, level, earlierApproverIds: approverIds }),
      check: (raw) => checkApproval(raw),
    });
    approverIds.push(approval.completedById);
    if (approval.value.decision === 'reject') {
      await step('rejected', 'completed');
      progress.stage = 'rejected';
      return progress;
    }
  }

  progress.stage = 'pre-notice';
  await step('pre-notice');
  const commandNotBefore = new Date(Date.now() + policy.preNoticeMinutes * 60_000).toISOString();
  for (let i = 0; i < input.customerNos.length; i += NOTICES_PER_ACTIVITY) {
    await central.sendOutageNotices({ caseId, customerNos: input.customerNos.slice(i, i + NOTICES_PER_ACTIVITY), template: policy.templates.outageNotice, commandNotBefore });
  }
  await sleep(policy.preNoticeMinutes * 60_000);

  progress.stage = 're-check';
  await step('re-check');
  let queue = input.customerNos;
  let removed: string[] = [];
  const payers = await central.findPayersSince({ customerNos: queue, since: startedAt });
  if (payers.length > 0) {
    const reCheck = await waitForPerson({
      caseId,
      step: 'disconnection-re-check',
      title: `停电复核：${payers.length} 户已缴费 ${input.title}`,
      titleText: { code: 'disconnection-re-check', params: { payerCount: payers.length } },
      candidates: { candidateRoles: ['executor'], candidateUserIds: [input.applicantId] },
      routingReason: 'customers paid since the application; the applicant or an executor decides',
      routingText: { code: 'payers-since-application', params: {} },
      payload: { payers: payers.slice(0, 1000), payerCount: payers.length },
      policy: policy.reCheck,
      check: (raw) => checkReCheck(raw, payers),
    });
    removed = reCheck.value.removed;
    const removedSet = new Set(removed);
    queue = queue.filter((no) => !removedSet.has(no));
    progress.excluded += removedSet.size;
    progress.remaining = queue.length;
  }
  const queues = await central.listCaseCustomers({ caseId, queued: queue, removed });
  if (queue.length === 0) {
    await step('archived-empty', 'completed');
    progress.stage = 'archived';
    return progress;
  }

  progress.stage = 'commands';
  await step('commands');
  return runCommands(input, { caseId, policy, queues, active: [], unsettled: [], deferred: [], nextBatch: 1, progress });
}

async function runCommands(input: DisconnectionCaseInput, phase: CommandPhase): Promise<DisconnectionProgress> {
  const { caseId, policy, progress } = phase;
  const queues = new Map<string, string[]>(Object.entries(phase.queues).map(([line, customerNos]) => [line, [...customerNos]]));
  const active = new Map(phase.active);
  const unsettled = new Set(phase.unsettled);
  const deferred = new Set(phase.deferred);
  let nextBatch = phase.nextBatch;
  const queued = () => [...queues.values()].reduce((sum, customerNos) => sum + customerNos.length, 0);
  const recount = () => {
    progress.inFlight = active.size;
    progress.remaining = queued();
    progress.deferred = deferred.size;
    progress.awaitingEntry = [...unsettled].filter((no) => !active.has(no)).length;
  };
  setHandler(disconnectionProgressQuery, () => progress);
  setHandler(customerReportsSignal, (reports) => {
    for (const report of reports) {
      // A report for a customer already settled is a duplicate; counting it twice would lie.
      if (!unsettled.has(report.customerNo)) continue;
      if (report.kind === 'deferred') {
        deferred.add(report.customerNo);
      } else if (report.kind === 'command-failed') {
        // Once per customer: a recovery batch reports again those already waiting for a person.
        if (active.has(report.customerNo)) progress.failed++;
        deferred.delete(report.customerNo);
        active.delete(report.customerNo);
      } else {
        deferred.delete(report.customerNo);
        active.delete(report.customerNo);
        unsettled.delete(report.customerNo);
        if (report.outcome === 'disconnected') {
          progress.disconnected++;
          if (report.via === 'manual-entry') progress.manualEntry++;
        } else {
          progress.excluded++;
        }
      }
    }
    recount();
  });

  // Spread the window over the lines, two batches each: while one batch works through its
  // meters the next is ready, so a line does not idle between batches.
  const lineCount = Math.max(1, [...queues.keys()].filter(Boolean).length);
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(policy.commandWindow / (2 * lineCount))));
  /** The line with customers still queued and the fewest in its command phase now. */
  const quietestLine = () => {
    const busy = new Map<string, number>();
    for (const line of active.values()) busy.set(line, (busy.get(line) ?? 0) + 1);
    let best: string | undefined;
    for (const [line, customerNos] of queues) {
      if (customerNos.length > 0 && (best === undefined || (busy.get(line) ?? 0) < (busy.get(best) ?? 0))) best = line;
    }
    return best;
  };

  let startedThisRun = 0;
  const starting: Array<Promise<unknown>> = [];
  const watchBatches = patched(CASE_WATCHES_BATCHES);
  /**
   * A batch reports its own failures (customers.ts), but one that was terminated, timed out
   * or broke cannot: its customers still unsettled go to a recovery batch, which hands each
   * to an executor. Watched within this run only; after continue-as-new a batch's own
   * reports are what the case hears.
   */
  const watchBatch = async (child: ChildWorkflowHandle<typeof disconnectCustomers>, customerNos: string[], commandsFrom: number) => {
    let why: string;
    try {
      await child.result();
      return;
    } catch (err) {
      // The case itself was cancelled: nothing more to start.
      if (err instanceof CancelledFailure) return;
      const cause = (err as { cause?: { message?: string } }).cause;
      why = cause?.message ?? (err as Error).message;
    }
    const left = customerNos.filter((customerNo) => unsettled.has(customerNo));
    if (left.length === 0) return;
    try {
      await startChild(disconnectCustomers, {
        workflowId: `${child.workflowId}-recovery`,
        args: [{ caseId, customerNos: left, policy, failedBatch: { code: 'BATCH_FAILED', message: `batch ${child.workflowId} ended without settling its customers: ${why}`, commandsFrom } }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      log.error('could not start the recovery batch', { batch: child.workflowId, error: (err as Error).message });
    }
  };
  while (queued() > 0) {
    if (startedThisRun >= BATCHES_PER_RUN || workflowInfo().historyLength > HISTORY_EVENTS_BEFORE_CONTINUE || workflowInfo().continueAsNewSuggested) {
      await Promise.all(starting);
      // Keep each run's history short: carry the rest to a fresh run. The batches keep
      // running and report to whichever run is current.
      await continueAsNew<typeof disconnectionCase>({ ...input, customerNos: [] }, {
        caseId,
        policy,
        queues: Object.fromEntries(queues),
        active: [...active],
        unsettled: [...unsettled],
        deferred: [...deferred],
        nextBatch,
        progress,
      });
    }
    await condition(() => active.size < policy.commandWindow);
    await waitForAllowedWindow(caseId, policy, progress);
    // Every free place at once: the starts leave in one workflow task, not one round trip each.
    for (let line = quietestLine(); line !== undefined && active.size < policy.commandWindow && startedThisRun < BATCHES_PER_RUN; line = quietestLine()) {
      const batch = queues.get(line)!.splice(0, Math.min(batchSize, policy.commandWindow - active.size));
      for (const customerNo of batch) {
        active.set(customerNo, line);
        unsettled.add(customerNo);
      }
      startedThisRun++;
      const started = startChild(disconnectCustomers, {
        workflowId: `disconnection-${caseId}-batch-${nextBatch++}`,
        args: [{ caseId, customerNos: batch, policy }],
        // The batch reports by signal; it outlives this run of the case when the case continues as new.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      const commandsFrom = Date.now();
      starting.push(watchBatches ? started.then((child) => void watchBatch(child, batch, commandsFrom)) : started);
    }
    recount();
  }
  await Promise.all(starting);

  // Every customer gets a result before the case archives, hand-entered ones included.
  await condition(() => unsettled.size === 0);
  await central.setCaseStep({ caseId, step: 'archived', state: 'completed' });
  progress.stage = 'archived';
  return progress;
}

/**
 * Holds new commands while a forbidden window is open (nights, weekends, holidays, after
 * the cut-off), showing why on the case. Each customer's own gate still judges the window
 * again at its command time.
 */
async function waitForAllowedWindow(caseId: number, policy: DisconnectionPolicy, progress: DisconnectionProgress): Promise<void> {
  let closed = judgeWindow(Date.now(), policy);
  if (!closed) return;
  await central.setCaseStep({ caseId, step: 'commands-paused' });
  while (closed) {
    progress.pausedUntil = new Date(closed.until).toISOString();
    progress.pauseCode = closed.code;
    progress.pauseReason = closed.reason;
    await sleep(Math.max(closed.until - Date.now(), 1000));
    closed = judgeWindow(Date.now(), policy);
  }
  progress.pausedUntil = null;
  progress.pauseCode = null;
  progress.pauseReason = null;
  await central.setCaseStep({ caseId, step: 'commands' });
}
