import { ActivityFailure, getExternalWorkflowHandle, isCancellation, patched, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { DisconnectionActivities, DisconnectionTarget, ReadBackRecord, SettledCustomer, TripRecord } from '../../activities/disconnection';
import { type SiteFailure, siteFailureOf } from '../site-failure';
import type { MeterActivities, ReadBack } from '../../activities/meters';
import type { DisconnectionPolicy } from '../../domain/disconnection/policy';
import { checkManualOutage } from '../../domain/tasks/forms';
import { waitForPerson } from '../human/wait-for-person';
import { meterTaskQueue, READ_BACK_QUEUE, readBackTaskQueue } from '../task-queues';
import { CustomerReport, customerReportsSignal } from './reports';

export interface CustomersDisconnectionInput {
  caseId: number;
  /** Customers whose meters share one line (or who have no meter), commanded one after another. */
  customerNos: string[];
  /** The case's policy, read once when the case started. */
  policy: DisconnectionPolicy;
  /**
   * Set when the case restarts the customers of a batch that failed: nothing is commanded,
   * each unsettled customer goes to an executor with this failure.
   */
  failedBatch?: { code: string; message: string; commandsFrom: number };
}

export type CustomerDisconnectionResult = { customerNo: string } & (
  | { outcome: 'disconnected'; via: 'remote' | 'manual-entry'; outageAt: string; commandFailure?: { code: string; message: string } }
  | { outcome: 'not-disconnected'; code: 'PROTECTED' | 'ALREADY_DISCONNECTED' | 'PAID' | 'NO_METER' | 'CUSTOMER_NOT_FOUND' | (string & {}); reason: string; deferrals: number }
);

/** Batches that settle their own failures (patched: histories from before replay without it). */
export const BATCH_SETTLES_FAILURES = 'batch-settles-failures';

const central = proxyActivities<DisconnectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/**
 * The gate and the trips' records are short database writes on the central worker: as local
 * activities they cost the server no task round trips, which is what lets a 10,000-customer
 * case run at the lines' pace rather than the server's.
 */
const local = proxyLocalActivities<DisconnectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A batch of one disconnection case (domain brief §1, steps 5-7), customers of one line,
 * safer than the manual: right before the commands the protection gate judges each customer
 * afresh — protected customers are never tripped, payers drop out, forbidden windows defer
 * the command to the next allowed moment. A confirmed trip takes the outage time from the
 * meter; a failed one asks an executor to enter it by hand (录入停电信息). Every verdict is
 * recorded with its reason, and each customer's news goes to the case as it happens.
 */
export async function disconnectCustomers(input: CustomersDisconnectionInput): Promise<CustomerDisconnectionResult[]> {
  const batch: BatchState = { results: new Map(), handEntries: [], inHand: new Set(), deferrals: new Map() };
  if (input.failedBatch) {
    await handOver(input, input.customerNos, input.failedBatch, batch);
    return finish(input, batch);
  }
  if (!patched(BATCH_SETTLES_FAILURES)) return commandBatch(input, batch, false);
  const startedAt = Date.now();
  try {
    return await commandBatch(input, batch, true);
  } catch (err) {
    if (isCancellation(err)) throw err;
    // Whatever broke, the case hears about every customer: none is left waiting for news.
    const open = input.customerNos.filter((customerNo) => !batch.results.has(customerNo) && !batch.inHand.has(customerNo));
    const message = `batch ${workflowInfo().workflowId} failed: ${failureMessage(err)}`;
    await handOver(input, open, { code: 'BATCH_FAILED', message, commandsFrom: startedAt }, batch);
    return finish(input, batch);
  }
}

interface BatchState {
  results: Map<string, CustomerDisconnectionResult>;
  handEntries: Array<Promise<void>>;
  /** Waiting for an executor to enter their outage time. */
  inHand: Set<string>;
  deferrals: Map<string, number>;
}

async function commandBatch(input: CustomersDisconnectionInput, batch: BatchState, settleUnknown: boolean): Promise<CustomerDisconnectionResult[]> {
  const { caseId, policy } = input;
  const { results, deferrals } = batch;
  let pending = input.customerNos;

  for (let attempt = 0; pending.length > 0; attempt++) {
    const judged = await local.judgeAtCommandTime({ caseId, customerNos: pending, now: Date.now(), policy, attempt, ...(settleUnknown ? { skipUnknown: true } : {}) });
    const reports: CustomerReport[] = [];
    if (settleUnknown && judged.length < pending.length) {
      const known = new Set(judged.map(({ target }) => target.customerNo));
      const unknown = pending.filter((customerNo) => !known.has(customerNo));
      const { settled } = await central.settleFailedBatch({ caseId, customerNos: unknown, failure: { code: 'CUSTOMER_NOT_FOUND', message: 'no customer has this number any more' } });
      reports.push(...settle(settled, batch));
    }
    const go: DisconnectionTarget[] = [];
    const later: Array<{ customerNo: string; until: number }> = [];
    for (const { target, verdict } of judged) {
      const { customerNo } = target;
      if (verdict.verdict === 'proceed') {
        go.push(target);
      } else if (verdict.verdict === 'defer') {
        deferrals.set(customerNo, (deferrals.get(customerNo) ?? 0) + 1);
        later.push({ customerNo, until: verdict.until });
        reports.push({ customerNo, kind: 'deferred', until: new Date(verdict.until).toISOString() });
      } else {
        results.set(customerNo, { customerNo, outcome: 'not-disconnected', code: verdict.code, reason: verdict.reason, deferrals: deferrals.get(customerNo) ?? 0 });
        reports.push({ customerNo, kind: 'settled', outcome: 'not-disconnected', code: verdict.code });
      }
    }

    if (go.length > 0) {
      const commandSentAt = Date.now();
      const trips = await sendTrips(go, policy);
      await local.recordTrips({ caseId, trips: go.map((target, i) => ({ customerId: target.customerId, trip: trips[i]! })) });
      go.forEach((target, i) => {
        const trip = trips[i]!;
        const { customerNo } = target;
        if (trip.confirmed) {
          results.set(customerNo, { customerNo, outcome: 'disconnected', via: 'remote', outageAt: trip.outageAt });
          reports.push({ customerNo, kind: 'settled', outcome: 'disconnected', via: 'remote' });
        } else {
          const failure = trip.failure ?? { code: 'UNKNOWN', message: 'the meter did not confirm the trip' };
          reports.push({ customerNo, kind: 'command-failed', code: failure.code });
          enterLater(caseId, target, failure, commandSentAt, policy, batch);
        }
      });
    }
    await report(reports);

    if (later.length === 0) break;
    pending = later.map((customer) => customer.customerNo);
    // Timers are durable: a batch deferred over a weekend simply wakes up on Monday morning.
    await sleep(Math.max(Math.min(...later.map((customer) => customer.until)) - Date.now(), 1000));
  }

  return finish(input, batch);
}

/** Every customer's result in the input's order, once the hand entries are done. */
async function finish(input: CustomersDisconnectionInput, batch: BatchState): Promise<CustomerDisconnectionResult[]> {
  await Promise.all(batch.handEntries);
  return input.customerNos.map((customerNo) => batch.results.get(customerNo)!);
}

function enterLater(caseId: number, target: DisconnectionTarget, failure: { code: string; message: string }, commandSentAt: number, policy: DisconnectionPolicy, batch: BatchState): void {
  const { customerNo } = target;
  batch.inHand.add(customerNo);
  batch.handEntries.push(
    enterByHand(caseId, target, failure, commandSentAt, policy).then(
      (result) => {
        batch.results.set(customerNo, result);
        batch.inHand.delete(customerNo);
      },
      (err) => {
        batch.inHand.delete(customerNo);
        throw err;
      },
    ),
  );
}

/** A failed batch's customers: the settled ones are told to the case, the rest go to a person. */
async function handOver(input: CustomersDisconnectionInput, customerNos: string[], failure: { code: string; message: string; commandsFrom: number }, batch: BatchState): Promise<void> {
  if (customerNos.length === 0) return;
  const { handOver: targets, settled } = await central.settleFailedBatch({ caseId: input.caseId, customerNos, failure: { code: failure.code, message: failure.message } });
  const reports = settle(settled, batch);
  for (const target of targets) {
    reports.push({ customerNo: target.customerNo, kind: 'command-failed', code: failure.code });
    enterLater(input.caseId, target, failure, failure.commandsFrom, input.policy, batch);
  }
  await report(reports);
}

function settle(settled: SettledCustomer[], batch: BatchState): CustomerReport[] {
  return settled.map((customer): CustomerReport => {
    const deferrals = batch.deferrals.get(customer.customerNo) ?? 0;
    if (customer.outcome === 'disconnected') {
      batch.results.set(customer.customerNo, { customerNo: customer.customerNo, outcome: 'disconnected', via: customer.via, outageAt: customer.outageAt });
      return { customerNo: customer.customerNo, kind: 'settled', outcome: 'disconnected', via: customer.via };
    }
    batch.results.set(customer.customerNo, { customerNo: customer.customerNo, outcome: 'not-disconnected', code: customer.code, reason: customer.reason, deferrals });
    return { customerNo: customer.customerNo, kind: 'settled', outcome: 'not-disconnected', code: customer.code };
  });
}

function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure ? (err.cause as { message?: string } | undefined) : undefined;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** After a failed trip: an executor confirms the outage on site and enters its time. */
async function enterByHand(
  caseId: number,
  target: DisconnectionTarget,
  failure: { code: string; message: string },
  commandSentAt: number,
  policy: DisconnectionPolicy,
): Promise<CustomerDisconnectionResult> {
  const entered = await waitForPerson({
    caseId,
    step: 'manual-outage-entry',
    title: `录入停电信息 ${target.customerNo} ${target.customerName}`,
    titleText: { code: 'manual-outage-entry', params: { customerNo: target.customerNo, customerName: target.customerName } },
    customerId: target.customerId,
    candidates: { candidateRoles: ['executor'], candidateUserIds: [] },
    routingReason: `trip command failed (${failure.code}); executors confirm the outage on site`,
    routingText: { code: 'trip-failed', params: { failureCode: failure.code } },
    payload: { customerNo: target.customerNo, customerName: target.customerName, meterAddress: target.meter?.address ?? null, failure },
    priority: 2,
    policy: policy.manualOutageEntry,
    check: (raw, now) => checkManualOutage(raw, now, commandSentAt),
  });
  await central.markDisconnected({ caseId, customerId: target.customerId, outageAt: entered.value.outageAt, via: 'manual-entry', byUserId: entered.completedById });
  await report([{ customerNo: target.customerNo, kind: 'settled', outcome: 'disconnected', via: 'manual-entry' }]);
  return { customerNo: target.customerNo, outcome: 'disconnected', via: 'manual-entry', outageAt: entered.value.outageAt, commandFailure: failure };
}

/** Tells the case, when there is one (a batch can also run on its own). */
async function report(reports: CustomerReport[]): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent || reports.length === 0) return;
  // No run id: after the case continued as new, its latest run is the one listening.
  await getExternalWorkflowHandle(parent.workflowId).signal(customerReportsSignal, reports);
}

/**
 * One hardware activity per site for the batch (a batch is one line, so normally one): the
 * site worker trips each meter in turn. Results come back in the targets' order.
 */
async function sendTrips(targets: DisconnectionTarget[], policy: DisconnectionPolicy): Promise<TripRecord[]> {
  const sites = [...new Set(targets.map((target) => target.meter!.site))];
  const bySite = await Promise.all(sites.map((site) => tripAtSite(site, targets.filter((target) => target.meter!.site === site), policy)));
  const next = sites.map(() => 0);
  return targets.map((target) => {
    const at = sites.indexOf(target.meter!.site);
    return bySite[at]![next[at]!++]!;
  });
}

/** A failed trip batch is settled by reading its meters back (patched: histories from before replay without it). */
export const TRIP_READ_BACK = 'trip-read-back';
/** Meters a read-back found never commanded are tripped again this many times at most (each a new batch). */
const RETRIP_ROUNDS = 3;

async function tripAtSite(site: string, targets: DisconnectionTarget[], policy: DisconnectionPolicy, round = 0): Promise<TripRecord[]> {
  const hardware = proxyActivities<MeterActivities>({
    taskQueue: meterTaskQueue(site),
    scheduleToCloseTimeout: `${10 + 2 * targets.length} minutes`,
    startToCloseTimeout: `${2 * targets.length} minutes`,
    // The site worker beats at least every 3 s: a dead one is noticed within half a minute.
    heartbeatTimeout: '30 seconds',
    // Never resent blindly: a failed trip goes to a person.
    retry: { maximumAttempts: 1 },
  });
  try {
    const results = await hardware.switchRelays({
      meters: targets.map((target) => {
        const { site: _site, ...meter } = target.meter!;
        return meter;
      }),
      command: 'trip',
      validityMinutes: policy.commandValidityMinutes,
    });
    return results.map((result) => ({
      confirmed: result.confirmed,
      // The manual takes the outage time from the meter; the site's clock only if the meter would not say.
      outageAt: result.meterTime ?? result.confirmedAt ?? new Date().toISOString(),
      outageTimeFrom: result.meterTime ? ('meter' as const) : ('site-clock' as const),
      failure: result.failure ?? null,
      exchanges: result.exchanges,
    }));
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause as { message?: string } | undefined;
    const failure = { code: 'HARDWARE_WORKER_FAILED', message: `site ${site}: ${cause?.message ?? err.message}` };
    // Before: whether any meter was tripped was unknown, and a person checked each one on site.
    if (!patched(TRIP_READ_BACK)) return targets.map(() => ({ confirmed: false, outageAt: new Date().toISOString(), failure, exchanges: [] }));
    return readBack(site, targets, policy, `${workflowInfo().workflowId}/${err.activityId}`, { ...failure, siteFailure: siteFailureOf(err) }, round);
  }
}

/**
 * 回读对账: the site's ledger and each meter's status word 3 settle a failed batch — read on
 * the site's queue (reads are safe, so retried; a restarted site worker takes them), bounded by
 * the policy. Relay open: disconnected, at the meter's time if its confirmation was recorded,
 * else at the command's time in the ledger. Relay closed and never commanded: tripped through
 * the normal path (not a resend). Relay closed after a command possibly sent: the command did
 * not take effect — the one attempt the policy allows, so a person. No answer: a person, with
 * the ledger's facts and the read's failure.
 */
async function readBack(site: string, targets: DisconnectionTarget[], policy: DisconnectionPolicy, batch: string, siteFailed: { code: string; message: string; siteFailure: SiteFailure }, round: number): Promise<TripRecord[]> {
  const { siteFailure, ...failure } = siteFailed;
  const reader = proxyActivities<MeterActivities>({
    taskQueue: patched(READ_BACK_QUEUE) ? readBackTaskQueue(site) : meterTaskQueue(site),
    // A policy read before the figure existed has none: the default's half hour.
    scheduleToCloseTimeout: `${policy.readBackMinutes ?? 30} minutes`,
    startToCloseTimeout: `${1 + targets.length} minutes`,
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds' },
  });
  const meters = targets.map((target) => {
    const { site: _site, ...meter } = target.meter!;
    return meter;
  });
  let found: ReadBack[];
  try {
    found = await reader.readBackMeters({ batch, command: 'trip', meters });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const unread = { code: failure.code, message: `${failure.message}; read-back failed: ${failureMessage(err)}` };
    return targets.map(() => ({ confirmed: false, outageAt: new Date().toISOString(), failure: unread, exchanges: [] }));
  }
  const records: Array<TripRecord | undefined> = targets.map((_target, i) => settledByReadBack(found[i]!, failure, siteFailure));
  const again = targets.filter((_target, i) => records[i] === undefined);
  if (again.length > 0) {
    const tripped = round < RETRIP_ROUNDS ? await tripAtSite(site, again, policy, round + 1) : again.map(() => ({ confirmed: false, outageAt: new Date().toISOString(), failure, exchanges: [] }));
    let next = 0;
    return records.map((record) => record ?? tripped[next++]!);
  }
  return records as TripRecord[];
}

/** How far a meter's clock may be behind the site's for its trip record to count as this command's. */
const METER_CLOCK_SKEW_MS = 10 * 60_000;

/** One meter's read-back as the batch's record; undefined: never commanded and still closed, so it is tripped now. */
function settledByReadBack(found: ReadBack, failure: { code: string; message: string }, siteFailure: SiteFailure): TripRecord | undefined {
  const { ledger } = found;
  const readBack: ReadBackRecord = { ledger: ledger.state, relayOpen: found.relayOpen, siteFailure };
  if (found.relayOpen === true) {
    const answered = ledger.state === 'answered' ? ledger.result : undefined;
    if (answered?.meterTime) return { confirmed: true, outageAt: answered.meterTime, outageTimeFrom: 'meter', failure: null, exchanges: [], readBack };
    const commandAt = answered ? answered.at : ledger.state === 'possibly-sent' ? ledger.lastIntentAt : undefined;
    // The meter's own trip record, if it is this command's: not older than the command, give or take the meter's clock.
    if (found.trippedAt && (commandAt === undefined || Date.parse(found.trippedAt) >= Date.parse(commandAt) - METER_CLOCK_SKEW_MS)) {
      return { confirmed: true, outageAt: found.trippedAt, outageTimeFrom: 'meter-record', failure: null, exchanges: [], readBack };
    }
    return { confirmed: true, outageAt: commandAt ?? new Date().toISOString(), outageTimeFrom: 'ledger', failure: null, exchanges: [], readBack };
  }
  if (found.relayOpen === false) {
    if (ledger.state === 'never-sent') return undefined;
    return { confirmed: false, outageAt: new Date().toISOString(), failure: { code: 'TRIP_NOT_EFFECTIVE', message: `${failure.message}; read back: the relay is closed after the trip was ${ledger.state}` }, exchanges: [], readBack };
  }
  return {
    confirmed: false,
    outageAt: new Date().toISOString(),
    failure: { code: found.failure?.code ?? 'READ_BACK_FAILED', message: `${failure.message}; read back: the meter did not answer (${found.failure?.message ?? 'no reply'}); the ledger says ${ledger.state}` },
    exchanges: [],
    readBack,
  };
}
