import { continueAsNew, defineQuery, ParentClosePolicy, proxyActivities, setHandler, sleep, startChild } from '@temporalio/workflow';
import type { DisconnectionActivities } from '../../activities/disconnection';
import type { TaskActivities } from '../../activities/tasks';
import { whyCannotApprove } from '../../domain/disconnection/application';
import type { DisconnectionPolicy } from '../../domain/disconnection/policy';
import { checkApproval, checkReCheck } from '../../domain/tasks/forms';
import { waitForPerson } from '../human/wait-for-person';
import { CustomerDisconnectionResult, disconnectCustomer } from './customer';

export interface DisconnectionCaseInput {
  applicantId: number;
  reason: string;
  customerNos: string[];
  title: string;
}

export interface DisconnectionProgress {
  stage: 'approval' | 'pre-notice' | 're-check' | 'commands' | 'archived' | 'rejected';
  total: number;
  disconnected: number;
  /** Disconnected after a failed command, with the outage time entered by hand. */
  manualEntry: number;
  /** Removed at re-check, or dropped by the protection gate (paid, protected, ...). */
  excluded: number;
  inFlight: number;
  remaining: number;
}

/** Carried across continue-as-new once the commands have started. */
interface CommandPhase {
  caseId: number;
  policy: DisconnectionPolicy;
  queue: string[];
  progress: DisconnectionProgress;
}

export const disconnectionProgressQuery = defineQuery<DisconnectionProgress>('disconnectionProgress');

const central = proxyActivities<DisconnectionActivities & TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Customers commanded at once; each line still takes one command at a time. */
const WINDOW = 100;
/** Children per run before continue-as-new, to stay far below the history limits. */
const CHILDREN_PER_RUN = 500;

/**
 * Disconnection for arrears with approval (欠费停电, domain brief §1): approval levels
 * (never by the applicant), pre-notice SMS, re-check of payers at command time, then one
 * child workflow per customer — protection gate, trip, outage time — and archive.
 */
export async function disconnectionCase(input: DisconnectionCaseInput, resume?: CommandPhase): Promise<DisconnectionProgress> {
  if (resume) return runCommands(input, resume);

  const progress: DisconnectionProgress = { stage: 'approval', total: input.customerNos.length, disconnected: 0, manualEntry: 0, excluded: 0, inFlight: 0, remaining: input.customerNos.length };
  setHandler(disconnectionProgressQuery, () => progress);
  const startedAt = new Date().toISOString();
  const [policy, caseId] = await Promise.all([central.loadDisconnectionPolicy(), central.openCase({ type: 'disconnection', title: input.title })]);
  const step = (name: string, state?: 'completed' | 'failed') => central.setCaseStep({ caseId, step: name, state });

  const approverIds: number[] = [];
  for (const [index, level] of policy.approvalLevels.entries()) {
    await step(`approval-${index + 1}`);
    const approval = await waitForPerson({
      caseId,
      step: 'disconnection-approval',
      title: `停电审批（${level.name}）${input.title}`,
      candidates: { candidateRoles: level.approverRoles, candidateUserIds: [] },
      routingReason: `approval level ${index + 1} "${level.name}": roles ${level.approverRoles.join(', ')}`,
      payload: { level: level.name, reason: input.reason, applicantId: input.applicantId, customers: input.customerNos.length, sample: input.customerNos.slice(0, 20) },
      policy: level,
      refusePerson: (person) =>
        whyCannotApprove({ applicantId: input.applicantId, approverId: person.userId, approverRoles: person.roles, level, earlierApproverIds: approverIds })?.reason,
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
  await central.sendOutageNotices({ caseId, customerNos: input.customerNos, template: policy.templates.outageNotice, commandNotBefore });
  await sleep(policy.preNoticeMinutes * 60_000);

  progress.stage = 're-check';
  await step('re-check');
  let queue = input.customerNos;
  const payers = await central.findPayersSince({ customerNos: queue, since: startedAt });
  if (payers.length > 0) {
    const reCheck = await waitForPerson({
      caseId,
      step: 'disconnection-re-check',
      title: `停电复核：${payers.length} 户已缴费 ${input.title}`,
      candidates: { candidateRoles: ['executor'], candidateUserIds: [input.applicantId] },
      routingReason: 'customers paid since the application; the applicant or an executor decides',
      payload: { payers: payers.slice(0, 1000), payerCount: payers.length },
      policy: policy.reCheck,
      check: (raw) => checkReCheck(raw, payers),
    });
    const removed = new Set(reCheck.value.removed);
    queue = queue.filter((no) => !removed.has(no));
    progress.excluded += removed.size;
    progress.remaining = queue.length;
  }
  if (queue.length === 0) {
    await step('archived-empty', 'completed');
    progress.stage = 'archived';
    return progress;
  }

  progress.stage = 'commands';
  await step('commands');
  return runCommands(input, { caseId, policy, queue, progress });
}

async function runCommands(input: DisconnectionCaseInput, phase: CommandPhase): Promise<DisconnectionProgress> {
  const { caseId, policy, progress } = phase;
  setHandler(disconnectionProgressQuery, () => progress);
  const queue = [...phase.queue];
  let startedThisRun = 0;
  const running = new Set<Promise<void>>();

  const launch = async (customerNo: string) => {
    const child = await startChild(disconnectCustomer, {
      workflowId: `disconnection-${caseId}-${customerNo}`,
      args: [{ caseId, customerNo, policy }],
      // A customer's outage-time entry can outlive this run of the parent.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    tally(progress, await child.result());
  };

  while (queue.length > 0 && startedThisRun < CHILDREN_PER_RUN) {
    const customerNo = queue.shift()!;
    startedThisRun++;
    progress.inFlight++;
    progress.remaining = queue.length;
    const task: Promise<void> = launch(customerNo).finally(() => {
      progress.inFlight--;
      running.delete(task);
    });
    running.add(task);
    if (running.size >= WINDOW) await Promise.race(running);
  }
  await Promise.all(running);

  if (queue.length > 0) {
    // Keep each run's history short: carry the rest to a fresh run.
    await continueAsNew<typeof disconnectionCase>(input, { caseId, policy, queue, progress: { ...progress, inFlight: 0 } });
  }
  await central.setCaseStep({ caseId, step: 'archived', state: 'completed' });
  progress.stage = 'archived';
  return progress;
}

function tally(progress: DisconnectionProgress, result: CustomerDisconnectionResult): void {
  if (result.outcome === 'disconnected') {
    progress.disconnected++;
    if (result.via === 'manual-entry') progress.manualEntry++;
  } else {
    progress.excluded++;
  }
}
