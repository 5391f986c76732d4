import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import type { SiteFailure } from './meters';
import { CUSTOMER_ARREARS_FEN_SQL } from '../db/queries/arrears';
import { policyVersionInForce } from '../db/queries/policies';
import { METER_COLUMNS, SiteMeter, siteMeterOf } from '../db/queries/meters';
import { closeDisconnectionOrder, openDisconnectionOrders } from '../db/queries/work-orders';
import { formatFen } from '../domain/billing/money';
import { DisconnectionPolicy, parseDisconnectionPolicy } from '../domain/disconnection/policy';
import type { Knex } from 'knex';
import { CommandFacts, CommandVerdict, judgeCommand } from '../domain/disconnection/protection';
import type { OutcomeState } from '../domain/disconnection/progress';
import { renderTemplate } from '../domain/messages/template';
import { formatChinaTime } from '../domain/time';
import { callingWorkflow } from './context';
import type { MessageGateway } from './messaging/gateway';
import { sendOnce } from './messaging/send-once';

export interface DisconnectionTarget extends Omit<CommandFacts, 'hasRemoteMeter'> {
  customerId: number;
  customerNo: string;
  customerName: string;
  meter: SiteMeter | null;
}

/** Reads and writes of disconnection for arrears (欠费停电), per customer. */
export function createDisconnectionActivities(db: Db, gateway: MessageGateway) {
  return {
    async loadDisconnectionPolicy(): Promise<DisconnectionPolicy> {
      const inForce = await policyVersionInForce(db, 'disconnection');
      try {
        return parseDisconnectionPolicy(inForce?.value ?? {});
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`disconnection settings are invalid: ${(err as Error).message}`, 'InvalidPolicy');
      }
    },

    /**
     * Pre-notice (manual §1.3). Each customer of the batch gets their disconnection order
     * (停电工单), which the notice names; subscribers are texted before any command, once
     * each per case.
     */
    async sendOutageNotices(input: { caseId: number; customerNos: string[]; template: string; commandNotBefore: string }): Promise<{ sent: number }> {
      const { workflowId, runId } = callingWorkflow();
      const rows = await db('customers as c')
        .whereIn('c.customer_no', input.customerNos)
        .orderBy('c.customer_no')
        .select('c.id', 'c.customer_no', 'c.name', 'c.phone', 'c.sms_outage_notice', 'c.protected', db.raw(`${CUSTOMER_ARREARS_FEN_SQL} AS arrears_fen`));
      const orders = await db.transaction((trx) => openDisconnectionOrders(trx, { caseId: input.caseId, workflowId, runId, customerIds: rows.map((row) => row.id) }));
      // A protected customer is never cut off: telling them otherwise would only frighten them.
      const texted = rows.filter((row) => row.sms_outage_notice && !row.protected && row.phone);
      for (const row of texted) {
        await sendOnce(db, gateway, {
          idempotencyKey: `sms:outage-notice:${input.caseId}:${row.customer_no}`,
          channel: 'sms',
          recipient: row.phone,
          body: renderTemplate(input.template, {
            customerName: row.name,
            customerNo: row.customer_no,
            arrears: formatFen(Number(row.arrears_fen)),
            time: formatChinaTime(input.commandNotBefore),
            orderNo: orders.get(row.id)!,
          }),
          purpose: 'outage-notice',
          customerId: row.id,
          workflowId,
          caseId: input.caseId,
        });
      }
      return { sent: texted.length };
    },

    /** Customers of the case who paid anything since the case began (the re-check list). */
    async findPayersSince(input: { customerNos: string[]; since: string }): Promise<string[]> {
      const rows = await db('customers as c')
        .whereIn('c.customer_no', input.customerNos)
        .whereExists(db('payments as p').join('accounts as a', 'a.id', 'p.account_id').whereRaw('a.customer_id = c.id').andWhere('p.received_at', '>=', input.since))
        .orderBy('c.customer_no')
        .pluck('c.customer_no');
      return rows;
    },

    /**
     * Lists the case's customers on the case page before any command: those still to be
     * commanded wait, those removed at the re-check are excluded with that reason. Answers
     * the queued customers grouped by the line their meter hangs on ('' for no meter), so
     * the case can keep every line busy.
     */
    async listCaseCustomers(input: { caseId: number; queued: string[]; removed: string[] }): Promise<Record<string, string[]>> {
      const lookUp = async (customerNos: string[]) =>
        customerNos.length === 0
          ? []
          : db('customers as c').leftJoin('meters as m', 'm.customer_id', 'c.id').whereIn('c.customer_no', customerNos).orderBy('c.customer_no').select('c.id', 'c.customer_no', 'm.site', 'm.line');
      const queued = await lookUp(input.queued);
      const removed = await lookUp(input.removed);
      const rows = [
        // The number too: a batch that can no longer find it still settles this row.
        ...queued.map((row) => ({ case_id: input.caseId, customer_id: row.id, customer_no: row.customer_no, state: 'waiting' })),
        ...removed.map((row) => ({ case_id: input.caseId, customer_id: row.id, customer_no: row.customer_no, state: 'excluded', code: 'REMOVED', reason: 'Removed at the re-check: paid since the application' })),
      ];
      await db.transaction(async (trx) => {
        // A retry, or a customer's own workflow that wrote first, keeps what is there.
        for (let i = 0; i < rows.length; i += 1000) {
          await trx('disconnection_outcomes').insert(rows.slice(i, i + 1000)).onConflict(['case_id', 'customer_id']).ignore();
        }
        // Those who paid in time: their order is cancelled with the reason.
        for (const row of removed) await closeDisconnectionOrder(trx, { caseId: input.caseId, customerId: row.id, outcome: 'excluded', code: 'REMOVED' });
      });
      const byLine: Record<string, string[]> = {};
      for (const row of queued) (byLine[row.site ? `${row.site}/${row.line}` : ''] ??= []).push(row.customer_no);
      return byLine;
    },

    /**
     * The protection gate at command time, for a batch of one line: reads each customer
     * afresh, judges at the workflow's `now` (so time-skipped tests and replays agree), and
     * stores each verdict with its reason — as an event for auditors and as the customer's
     * state on the case page.
     */
    async judgeAtCommandTime(input: {
      caseId: number;
      customerNos: string[];
      now: number;
      policy: Pick<DisconnectionPolicy, 'forbiddenWindows'>;
      attempt: number;
      /** Leave out numbers no customer has any more (the batch settles them), rather than fail the batch. */
      skipUnknown?: boolean;
    }): Promise<Array<{ target: DisconnectionTarget; verdict: CommandVerdict }>> {
      const { workflowId } = callingWorkflow();
      const targets = await readTargets(db, input.customerNos, input.skipUnknown);
      const judged = targets.map((target) => ({ target, verdict: judgeCommand({ ...target, hasRemoteMeter: target.meter !== null }, input.now, input.policy) }));
      await db.transaction(async (trx) => {
        for (const { target, verdict } of judged) {
          await appendEvent(trx, {
            type: 'disconnection.verdict',
            actor: `workflow:${workflowId}`,
            workflowId,
            caseId: input.caseId,
            customerId: target.customerId,
            data: { ...verdict, ...(verdict.verdict === 'defer' ? { until: new Date(verdict.until).toISOString() } : {}) },
            idempotencyKey: `disconnection.verdict:${workflowId}:${target.customerNo}:${input.attempt}`,
          });
          await setOutcome(trx, input.caseId, target.customerId, outcomeOf(verdict));
        }
      });
      return judged;
    },

    /**
     * Trips' results, each in one transaction: the command event with its frames and, when
     * the meter confirmed, the archive (supply status 已停电, outage time from the meter);
     * when not, the customer waits for the outage time to be entered by hand.
     */
    async recordTrips(input: { caseId: number; trips: Array<{ customerId: number; trip: TripRecord }> }): Promise<void> {
      const { workflowId } = callingWorkflow();
      for (const { customerId, trip } of input.trips) {
        await db.transaction(async (trx) => {
          await appendEvent(trx, {
            type: trip.confirmed ? 'meter.command.confirmed' : 'meter.command.failed',
            actor: `workflow:${workflowId}`,
            workflowId,
            caseId: input.caseId,
            customerId,
            data: {
              command: 'trip',
              failure: trip.failure ?? null,
              ...(trip.confirmed ? { outageAt: trip.outageAt, outageTimeFrom: trip.outageTimeFrom ?? 'site-clock' } : {}),
              ...(trip.readBack ? { readBack: trip.readBack } : {}),
              exchanges: trip.exchanges,
            },
            idempotencyKey: `meter.command:${workflowId}:${customerId}:trip`,
          });
          if (trip.confirmed) {
            await archive(trx, { workflowId, caseId: input.caseId, customerId, outageAt: trip.outageAt, via: 'remote' });
          } else {
            await setOutcome(trx, input.caseId, customerId, { state: 'awaiting-entry', code: trip.failure?.code ?? 'UNKNOWN', reason: trip.failure?.message ?? 'the meter did not confirm the trip' });
          }
        });
      }
    },

    /**
     * A batch that could not finish, or numbers no customer has any more, turned into
     * outcomes people can act on: an unknown number is left out (CUSTOMER_NOT_FOUND, never
     * tripped); a known customer not yet settled waits for an executor to check the meter on
     * site and enter the outage time (the failure's code), as after a failed command; one
     * already settled keeps its outcome. Answers who goes to a person and who is settled.
     */
    async settleFailedBatch(input: { caseId: number; customerNos: string[]; failure: { code: string; message: string } }): Promise<{ handOver: DisconnectionTarget[]; settled: SettledCustomer[] }> {
      const { workflowId } = callingWorkflow();
      const targets = new Map((await readTargets(db, input.customerNos, true)).map((target) => [target.customerNo, target]));
      const ids = [...targets.values()].map((target) => target.customerId);
      const rows: Array<{ customer_id: number; customer_no: string | null; state: OutcomeState; code: string | null; via: 'remote' | 'manual-entry' | null; outage_at: Date | null }> = await db('disconnection_outcomes')
        .where({ case_id: input.caseId })
        .andWhere((q) => void q.whereIn('customer_no', input.customerNos).orWhereIn('customer_id', ids))
        .select('customer_id', 'customer_no', 'state', 'code', 'via', 'outage_at');
      const handOver: DisconnectionTarget[] = [];
      const settled: SettledCustomer[] = [];
      await db.transaction(async (trx) => {
        for (const customerNo of input.customerNos) {
          const target = targets.get(customerNo);
          const row = target ? rows.find((r) => r.customer_id === target.customerId) : rows.find((r) => r.customer_no === customerNo);
          if (!target) {
            const reason = `no customer has number ${customerNo} any more (renumbered or removed since the application): not disconnected`;
            await appendEvent(trx, { type: 'disconnection.customer-not-found', actor: `workflow:${workflowId}`, workflowId, caseId: input.caseId, customerId: row?.customer_id ?? null, data: { customerNo, reason }, idempotencyKey: `disconnection.customer-not-found:${workflowId}:${customerNo}` });
            if (row) await setOutcome(trx, input.caseId, row.customer_id, { state: 'excluded', code: 'CUSTOMER_NOT_FOUND', reason });
            settled.push({ customerNo, outcome: 'not-disconnected', code: 'CUSTOMER_NOT_FOUND', reason });
          } else if (row?.state === 'disconnected') {
            settled.push({ customerNo, outcome: 'disconnected', via: row.via ?? 'remote', outageAt: new Date(row.outage_at ?? Date.now()).toISOString() });
          } else if (row?.state === 'excluded') {
            settled.push({ customerNo, outcome: 'not-disconnected', code: row.code ?? 'UNKNOWN', reason: 'settled before the batch failed' });
          } else {
            await appendEvent(trx, { type: 'disconnection.batch-failed', actor: `workflow:${workflowId}`, workflowId, caseId: input.caseId, customerId: target.customerId, data: { failure: input.failure }, idempotencyKey: `disconnection.batch-failed:${workflowId}:${customerNo}` });
            await setOutcome(trx, input.caseId, target.customerId, { state: 'awaiting-entry', code: input.failure.code, reason: input.failure.message.slice(0, 1000) });
            // A task of the ended batch can never be completed: withdrawn, a fresh one follows.
            const stale: Array<{ id: number }> = await trx('tasks')
              .where({ case_id: input.caseId, customer_id: target.customerId, step: 'manual-outage-entry', state: 'open' })
              .update({ state: 'cancelled' })
              .returning('id');
            for (const task of stale) {
              await appendEvent(trx, { type: 'task.cancelled', actor: `workflow:${workflowId}`, workflowId, caseId: input.caseId, customerId: target.customerId, taskId: task.id, data: { code: input.failure.code, reason: input.failure.message.slice(0, 1000) }, idempotencyKey: `task.cancelled:${task.id}` });
            }
            handOver.push(target);
          }
        }
      });
      return { handOver, settled };
    },

    /** Archive (归档) after the outage time was entered by hand. */
    async markDisconnected(input: { caseId: number; customerId: number; outageAt: string; via: 'remote' | 'manual-entry'; byUserId?: number }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction((trx) => archive(trx, { workflowId, ...input }));
    },
  };
}

/** A trip command as the case keeps it: whether the meter confirmed, when, and the frames. */
export interface TripRecord {
  confirmed: boolean;
  /** The meter's own clock once it confirmed the trip; else the site worker's clock then. */
  outageAt: string;
  /**
   * Settled by a read-back after the batch failed: `meter-record` the meter's own trip record,
   * `ledger` the time its command was recorded at the site (a meter that keeps no record).
   */
  outageTimeFrom?: 'meter' | 'site-clock' | 'ledger' | 'meter-record';
  failure?: { code: string; message: string } | null;
  exchanges: unknown[];
  /** Settled by a read-back after its batch failed: what the site's ledger and the meter said. */
  readBack?: ReadBackRecord;
}

/** What a read-back found of one meter, as its command event records it for the auditor. */
export interface ReadBackRecord {
  /** What the site's command ledger said of the command. */
  ledger: 'never-sent' | 'possibly-sent' | 'answered';
  /** Status word 3 now; null when the meter did not answer. */
  relayOpen: boolean | null;
  /** Why the batch was read back (workflows/site-failure.ts); absent in records from before it was kept. */
  siteFailure?: SiteFailure;
}

/** A customer of a failed batch whose outcome is already final. */
export type SettledCustomer = { customerNo: string } & ({ outcome: 'disconnected'; via: 'remote' | 'manual-entry'; outageAt: string } | { outcome: 'not-disconnected'; code: string; reason: string });

async function readTargets(db: Db, customerNos: string[], skipUnknown = false): Promise<DisconnectionTarget[]> {
  const rows = await db('customers as c')
    .leftJoin('meters as m', 'm.customer_id', 'c.id')
    .whereIn('c.customer_no', customerNos)
    .select('c.*', ...METER_COLUMNS, db.raw(`${CUSTOMER_ARREARS_FEN_SQL} AS arrears_fen`));
  const byNo = new Map(rows.map((row) => [row.customer_no, row]));
  return customerNos.flatMap((customerNo) => {
    const row = byNo.get(customerNo);
    if (!row && skipUnknown) return [];
    if (!row) throw ApplicationFailure.nonRetryable(`no customer with number ${customerNo}`, 'CustomerNotFound');
    return {
      customerId: row.id,
      customerNo: row.customer_no,
      customerName: row.name,
      protected: row.protected,
      protectionReason: row.protection_reason,
      type: row.type,
      supplyStatus: row.supply_status,
      arrearsFen: Number(row.arrears_fen),
      meter: siteMeterOf(row),
    };
  });
}


function outcomeOf(verdict: CommandVerdict): { state: OutcomeState; code: string | null; reason: string | null; deferred_until?: Date } {
  switch (verdict.verdict) {
    case 'proceed':
      return { state: 'commanding', code: null, reason: null };
    case 'defer':
      return { state: 'deferred', code: verdict.code, reason: verdict.reason, deferred_until: new Date(verdict.until) };
    default:
      return { state: 'excluded', code: verdict.code, reason: verdict.reason };
  }
}

async function setOutcome(trx: Knex.Transaction, caseId: number, customerId: number, fields: { state: OutcomeState; code?: string | null; reason?: string | null; deferred_until?: Date; outage_at?: string; via?: string }): Promise<void> {
  const row = { case_id: caseId, customer_id: customerId, code: null, reason: null, deferred_until: null, ...fields, updated_at: trx.fn.now() };
  await trx('disconnection_outcomes').insert(row).onConflict(['case_id', 'customer_id']).merge();
  // The customer's order ends with their outcome: done when disconnected, cancelled with the reason's code when excluded.
  if (fields.state === 'disconnected') await closeDisconnectionOrder(trx, { caseId, customerId, outcome: 'disconnected' });
  if (fields.state === 'excluded') await closeDisconnectionOrder(trx, { caseId, customerId, outcome: 'excluded', code: fields.code ?? 'EXCLUDED' });
}

/** Supply status becomes 已停电 and reconnection now watches the customer. */
async function archive(trx: Knex.Transaction, input: { workflowId: string; caseId: number; customerId: number; outageAt: string; via: 'remote' | 'manual-entry'; byUserId?: number }): Promise<void> {
  await trx('customers').where({ id: input.customerId }).update({ supply_status: 'disconnected', last_outage_at: input.outageAt, updated_at: trx.fn.now() });
  await appendEvent(trx, {
    type: 'customer.disconnected',
    actor: `workflow:${input.workflowId}`,
    workflowId: input.workflowId,
    caseId: input.caseId,
    customerId: input.customerId,
    data: { outageAt: input.outageAt, via: input.via, ...(input.byUserId ? { byUserId: input.byUserId } : {}) },
    idempotencyKey: `customer.disconnected:${input.workflowId}:${input.customerId}`,
  });
  await setOutcome(trx, input.caseId, input.customerId, { state: 'disconnected', outage_at: input.outageAt, via: input.via });
}

export type DisconnectionActivities = ReturnType<typeof createDisconnectionActivities>;
