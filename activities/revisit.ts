import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { policyVersionInForce } from '../db/queries/policies';
import type { RatedProcess } from '../domain/revisit/policy';
import { parseRevisitPolicy, type RevisitPolicy } from '../domain/revisit/policy';
import { surveyAllowed } from '../db/queries/surveys';
import { repairReopenWorkflowId } from '../workflows/repair/ids';
import { relocationReopenWorkflowId } from '../workflows/relocation/ids';
import {
  type RelocationReopened,
  type RelocationReopenRefusal,
  relocationReopenable,
  reopenedRelocation,
  reopenedRepair,
  reopenRelocationForRevisit,
  type RepairReopened,
  type RepairReopenRefusal,
  reopenRepairForRevisit,
  repairReopenable,
} from './rework';
import { startRevisitWorkflow } from './revisit-start';
import { callingWorkflow } from './context';

/** A person the revisit is routed to, by name. */
export interface RevisitPerson {
  id: number;
  name: string;
}

/** What the revisit workflow needs to know, read once at its start. */
export interface RevisitFacts {
  revisitId: number;
  revisitNo: string;
  process: RatedProcess;
  orderNo: string;
  customerId: number | null;
  customerNo: string | null;
  customerName: string | null;
  /** Whom to call: the order's contact phone, else the customer's. */
  contactPhone: string | null;
  /** The bad rating that opened it. */
  rating: number | null;
  comment: string | null;
  reasons: string[];
  /** The supervisor of whoever did the work, if the order names someone who has one. */
  supervisor: RevisitPerson | null;
  /** The supervisor's own supervisor: the next level of management. */
  manager: RevisitPerson | null;
}

export type RevisitOutcome = 'recovered' | 'not-recovered' | 'unreachable';

/** A rated order sent back to be done again: the workflow that redoes it, and what it starts with. */
export type OrderReopened = { ok: true; workflowId: string } & ({ process: 'repair'; order: RepairReopened } | { process: 'relocation'; order: RelocationReopened });
/** Why not: the order is not in a state to be redone (or its process has no rework). */
export type OrderReopenRefused = { ok: false; code: RepairReopenRefusal | RelocationReopenRefusal | 'PROCESS_NOT_REOPENABLE' };

/**
 * Starts a revisit's workflow from an activity (the worker's own client); one already started
 * (a retry) is fine. Called after the transaction that opened the revisit committed.
 */
export async function startRevisit(revisitNo: string): Promise<void> {
  await startRevisitWorkflow(Context.current().client, revisitNo);
}

/** The typed failures of revisit activities that can never succeed: retrying changes nothing. */
export const REVISIT_FAILURES = ['RevisitNotFound', 'InvalidPolicy', 'RevisitClosed'] as const;
export type RevisitFailure = (typeof REVISIT_FAILURES)[number];

const fail = (type: RevisitFailure, message: string) => ApplicationFailure.nonRetryable(message, type);
const actorOf = (workflowId: string) => `workflow:${workflowId}`;

/**
 * Who did the work a rating judges: a repair's crew member (or, before one accepted, its
 * handler), a relocation's installer, a reconnection's collector who completed it on site. And
 * the order's contact phone.
 */
async function workerOf(db: Knex | Knex.Transaction, process: RatedProcess, orderNo: string): Promise<{ workerId: number | null; phone: string | null }> {
  if (process === 'repair') {
    const row = await db('repair_orders').where({ order_no: orderNo }).first('crew_user_id', 'handler_user_id', 'contact_phone');
    return { workerId: row?.crew_user_id ?? row?.handler_user_id ?? null, phone: row?.contact_phone ?? null };
  }
  if (process === 'relocation') {
    const row = await db('relocation_orders').where({ order_no: orderNo }).first('installed_by_id', 'contact_phone');
    return { workerId: row?.installed_by_id ?? null, phone: row?.contact_phone ?? null };
  }
  // A remote reconnection has no person; a manual one was completed by a collector on site.
  const row = await db('work_orders as w')
    .leftJoin('tasks as t', (join) => void join.on('t.workflow_id', 'w.workflow_id').andOnVal('t.step', 'manual-reconnection').andOnVal('t.state', 'completed'))
    .where('w.order_no', orderNo)
    .first('t.completed_by_id');
  return { workerId: row?.completed_by_id ?? null, phone: null };
}

async function supervisorOf(db: Knex | Knex.Transaction, userId: number | null): Promise<RevisitPerson | null> {
  if (userId === null) return null;
  const row = await db('users as u').join('users as s', 's.id', 'u.supervisor_id').where('u.id', userId).andWhere('s.active', true).first('s.id', 's.display_name');
  return row ? { id: row.id, name: row.display_name } : null;
}

/**
 * The rated process's part of a reopening: the rework's workflow id, and the order sent back
 * under lock — or, on a retry after the reopening committed, read again.
 */
async function reopenOrderOf(
  trx: Knex.Transaction,
  row: { process: RatedProcess; order_ref: string; revisit_no: string; reopen_workflow_id: string | null },
  input: { byUserId: number; reason: string },
): Promise<OrderReopened | OrderReopenRefused> {
  const retry = row.reopen_workflow_id !== null;
  const args = { orderNo: row.order_ref, revisitNo: row.revisit_no, reason: input.reason, byUserId: input.byUserId };
  if (row.process === 'repair') {
    const workflowId = repairReopenWorkflowId(row.order_ref, row.revisit_no);
    const done = retry ? { ok: true as const, order: await reopenedRepair(trx, row.order_ref) } : await reopenRepairForRevisit(trx, { ...args, workflowId });
    return done.ok ? { ok: true, process: 'repair', workflowId, order: done.order } : done;
  }
  if (row.process === 'relocation') {
    const workflowId = relocationReopenWorkflowId(row.order_ref, row.revisit_no);
    const done = retry ? { ok: true as const, order: await reopenedRelocation(trx, row.order_ref) } : await reopenRelocationForRevisit(trx, { ...args, workflowId });
    return done.ok ? { ok: true, process: 'relocation', workflowId, order: done.order } : done;
  }
  return { ok: false, code: 'PROCESS_NOT_REOPENABLE' };
}

/** The revisit workflow's reads and writes: each business change with its event, in one transaction. */
export function createRevisitActivities(deps: { db: Db }) {
  const { db } = deps;

  async function lockedRevisit(trx: Knex.Transaction, revisitId: number) {
    const row = await trx('revisits').where({ id: revisitId }).forUpdate().first();
    if (!row) throw fail('RevisitNotFound', `no revisit ${revisitId}`);
    return row;
  }

  /** An event of this revisit, from the calling workflow or a person. */
  function eventOf(row: { revisit_no: string; customer_id: number | null }, caseId: number, byUserId?: number) {
    const { workflowId } = callingWorkflow();
    return { actor: byUserId ? `user:${byUserId}` : actorOf(workflowId), workflowId, caseId, customerId: row.customer_id, orderNo: row.revisit_no };
  }

  return {
    async loadRevisitPolicy(): Promise<RevisitPolicy> {
      const inForce = await policyVersionInForce(db, 'revisit');
      try {
        return parseRevisitPolicy(inForce?.value ?? {});
      } catch (err) {
        // A broken setting cannot be fixed by retrying; the designer must correct it.
        throw fail('InvalidPolicy', `revisit settings are invalid: ${(err as Error).message}`);
      }
    },

    async getRevisit(revisitNo: string): Promise<RevisitFacts> {
      const row = await db('revisits as v').leftJoin('customers as c', 'c.id', 'v.customer_id').where('v.revisit_no', revisitNo).first('v.*', 'c.customer_no', 'c.name as customer_name', 'c.phone as customer_phone');
      if (!row) throw fail('RevisitNotFound', `no revisit ${revisitNo}`);
      const first = await db('ratings').where({ revisit_id: row.id }).orderBy('id').first('rating', 'comment');
      const { workerId, phone } = await workerOf(db, row.process, row.order_ref);
      const supervisor = await supervisorOf(db, workerId);
      const manager = await supervisorOf(db, supervisor?.id ?? null);
      if (supervisor && row.supervisor_id !== supervisor.id) await db('revisits').where({ id: row.id }).update({ supervisor_id: supervisor.id });
      return {
        revisitId: row.id,
        revisitNo: row.revisit_no,
        process: row.process,
        orderNo: row.order_ref,
        customerId: row.customer_id,
        customerNo: row.customer_no ?? null,
        customerName: row.customer_name ?? null,
        contactPhone: phone ?? row.customer_phone ?? null,
        rating: first?.rating ?? null,
        comment: first?.comment ?? null,
        reasons: row.reasons,
        supervisor,
        manager,
      };
    },

    async linkRevisitCase(input: { revisitId: number; caseId: number }): Promise<void> {
      await db('revisits').where({ id: input.revisitId }).update({ case_id: input.caseId });
    },

    /**
     * Whether the supervisor may send the rated order back to be done again: a repair that is
     * done, with its crew member active. Read before each call, for the form; the reopening
     * itself checks again under lock.
     */
    async revisitOrderReopenable(input: { revisitId: number }): Promise<boolean> {
      const row = await db('revisits').where({ id: input.revisitId }).first('process', 'order_ref', 'reopened_at');
      if (!row || row.reopened_at) return false;
      if (row.process === 'repair') return repairReopenable(db, row.order_ref);
      if (row.process === 'relocation') return relocationReopenable(db, row.order_ref);
      return false;
    },

    /**
     * 返工: the rated order goes back to whoever did it, in one transaction with both events —
     * `repair.reopened` naming the revisit, `revisit.order_reopened` naming the workflow that
     * redoes it. A retry answers the same; a refusal changes nothing but its event.
     */
    async reopenRatedOrder(input: { revisitId: number; caseId: number; taskId: number; byUserId: number; reason: string }): Promise<OrderReopened | OrderReopenRefused> {
      return db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        const event = { ...eventOf(row, input.caseId, input.byUserId), taskId: input.taskId };
        const found = await reopenOrderOf(trx, row, input);
        if (!found.ok) {
          if (found.code !== 'PROCESS_NOT_REOPENABLE') {
            await appendEvent(trx, { ...event, type: 'revisit.reopen_refused', data: { process: row.process, ratedOrderNo: row.order_ref, reopenRefusal: found.code }, idempotencyKey: `revisit.reopen_refused:${row.revisit_no}` });
          }
          return found;
        }
        if (!row.reopen_workflow_id) {
          await trx('revisits').where({ id: row.id }).update({ reopened_at: trx.fn.now(), reopen_workflow_id: found.workflowId });
          const crewName = found.process === 'repair' ? { crewName: found.order.crew.name } : {};
          await appendEvent(trx, {
            ...event,
            type: 'revisit.order_reopened',
            data: { process: row.process, ratedOrderNo: row.order_ref, action: input.reason, ...crewName },
            idempotencyKey: `revisit.order_reopened:${row.revisit_no}`,
          });
        }
        return found;
      });
    },

    /** The reopened order is done again: the revisit goes on to its recovery check. */
    async recordOrderRedone(input: { revisitId: number; caseId: number }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        if (row.redone_at) return;
        await trx('revisits').where({ id: row.id }).update({ redone_at: trx.fn.now() });
        await appendEvent(trx, { ...eventOf(row, input.caseId), type: 'revisit.order_redone', data: { process: row.process, ratedOrderNo: row.order_ref }, idempotencyKey: `revisit.order_redone:${row.revisit_no}` });
      });
    },

    /** No answer: the attempt is counted (once per task: a retry finds it counted). */
    async recordRevisitAttempt(input: { revisitId: number; caseId: number; taskId: number; byUserId: number; attempt: number; note?: string }): Promise<number> {
      return db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        if (row.attempts >= input.attempt) return row.attempts;
        await trx('revisits').where({ id: row.id }).update({ attempts: input.attempt });
        await appendEvent(trx, {
          ...eventOf(row, input.caseId, input.byUserId),
          taskId: input.taskId,
          type: 'revisit.attempt_recorded',
          data: { attempt: input.attempt, outcome: 'no-answer', ...(input.note ? { note: input.note } : {}) },
          idempotencyKey: `revisit.attempt_recorded:${row.revisit_no}:${input.attempt}`,
        });
        return input.attempt;
      });
    },

    /** Reached: the cause, what the customer said, the corrective action and who is responsible. */
    async recordRevisitContact(input: {
      revisitId: number;
      caseId: number;
      taskId: number;
      byUserId: number;
      attempt: number;
      causeCode: string;
      said: string;
      action: string;
      responsible: string;
    }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        if (row.first_contact_at) return;
        await trx('revisits').where({ id: row.id }).update({
          attempts: input.attempt,
          first_contact_at: trx.fn.now(),
          cause_code: input.causeCode,
          customer_said: input.said,
          corrective_action: input.action,
          responsible: input.responsible,
        });
        await appendEvent(trx, {
          ...eventOf(row, input.caseId, input.byUserId),
          taskId: input.taskId,
          type: 'revisit.contacted',
          data: { attempt: input.attempt, causeCode: input.causeCode, said: input.said, action: input.action, responsible: input.responsible },
          idempotencyKey: `revisit.contacted:${row.revisit_no}`,
        });
      });
    },

    /**
     * Whether the customer may get the recovery survey: fewer surveys to this phone in the week
     * before now than the policy's cap (every process's rating requests and surveys count).
     */
    async recoverySurveyAllowed(input: { phone: string; cap: number }): Promise<boolean> {
      return surveyAllowed(db, input.phone, input.cap);
    },

    /** The survey went out: a reply from this phone answers this revisit (POST /api/sms/inbound). */
    async markRecoverySurveySent(input: { revisitId: number; caseId: number; phone: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        if (row.survey_sent_at) return;
        await trx('revisits').where({ id: row.id }).update({ survey_phone: input.phone, survey_sent_at: trx.fn.now() });
        await appendEvent(trx, { ...eventOf(row, input.caseId), type: 'revisit.survey_sent', data: { phone: input.phone }, idempotencyKey: `revisit.survey_sent:${row.revisit_no}` });
      });
    },

    /** The recovery check's answer: by a call (a person's task) or the customer's SMS reply. */
    async recordRecoveryCheck(input: { revisitId: number; caseId: number; taskId?: number; byUserId?: number; recovered: boolean; note?: string; via: 'call' | 'sms'; rating?: number; replyId?: number }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        await trx('revisits').where({ id: row.id }).update({ recovered: input.recovered });
        await appendEvent(trx, {
          ...eventOf(row, input.caseId, input.byUserId),
          ...(input.taskId ? { taskId: input.taskId } : {}),
          type: 'revisit.recovery_checked',
          data: {
            recovered: input.recovered,
            via: input.via,
            ...(input.rating !== undefined ? { rating: input.rating } : {}),
            ...(input.replyId !== undefined ? { replyId: input.replyId } : {}),
            ...(input.note ? { note: input.note } : {}),
          },
          idempotencyKey: `revisit.recovery_checked:${row.revisit_no}`,
        });
      });
    },

    async recordRevisitEscalation(input: { revisitId: number; caseId: number; taskId: number; byUserId: number; note: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        await appendEvent(trx, {
          ...eventOf(row, input.caseId, input.byUserId),
          taskId: input.taskId,
          type: 'revisit.escalated',
          data: { note: input.note },
          idempotencyKey: `revisit.escalated:${row.revisit_no}`,
        });
      });
    },

    /** Closes the revisit with its outcome; a retry answers the same. */
    async closeRevisit(input: { revisitId: number; caseId: number; outcome: RevisitOutcome }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await lockedRevisit(trx, input.revisitId);
        if (row.state === 'closed') return;
        await trx('revisits').where({ id: row.id }).update({ state: 'closed', outcome: input.outcome, closed_at: trx.fn.now() });
        await appendEvent(trx, {
          ...eventOf(row, input.caseId),
          type: 'revisit.closed',
          data: { outcome: input.outcome, attempts: row.attempts },
          idempotencyKey: `revisit.closed:${row.revisit_no}`,
        });
      });
    },
  };
}

export type RevisitActivities = ReturnType<typeof createRevisitActivities>;
