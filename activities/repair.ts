import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { policyVersionInForce } from '../db/queries/policies';
import type { CompensationResult, WorkResult } from '../domain/repair/forms';
import type { DispatchRefusal } from '../domain/repair/crews';
import { parseRepairPolicy, type RepairPolicy, type RepairPriority } from '../domain/repair/policy';
import { callingWorkflow } from './context';
import { openRevisitOf, recordRating, revisitPolicyIn } from '../db/queries/ratings';
import { startRevisit } from './revisit';
import { withdrawOpenTask } from './tasks';

/** What the order workflow needs to know about its order, read once at its start. */
export interface RepairOrderFacts {
  orderId: number;
  orderNo: string;
  customerId: number | null;
  category: string;
  description: string;
  place: string;
  priority: RepairPriority;
  openedAt: string;
  /** Where dispatch rules look: the segment (抄表段) of the order's customer; null without a customer. */
  area: string | null;
  /** Who is texted for the rating once the order is closed. */
  contactPhone: string | null;
}

const UNIQUE_VIOLATION = '23505';
const actorOf = (workflowId: string) => `workflow:${workflowId}`;

/** A crew's active members (active users with the crew role), by id: whom an order dispatched to it is offered to. */
export async function activeCrewMembers(db: Knex, crewCode: string): Promise<number[]> {
  return db('repair_crew_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.crew_code': crewCode, 'u.active': true })
    .whereRaw("'crew' = ANY(u.roles)")
    .orderBy('u.id')
    .pluck('u.id');
}

/** The repair order workflow's writes: each business change with its event, in one transaction. */
export function createRepairActivities(db: Db) {
  async function orderRow(trx: Knex | Knex.Transaction, orderId: number) {
    const row = await trx('repair_orders').where({ id: orderId }).first('id', 'order_no', 'customer_id', 'case_id', 'state', 'loop_count');
    if (!row) throw ApplicationFailure.nonRetryable(`no repair order ${orderId}`, 'RepairOrderNotFound');
    return row;
  }

  return {
    async loadRepairPolicy(): Promise<RepairPolicy> {
      const inForce = await policyVersionInForce(db, 'repair');
      try {
        return parseRepairPolicy(inForce?.value ?? {});
      } catch (err) {
        // A broken setting cannot be fixed by retrying; the designer must correct it.
        throw ApplicationFailure.nonRetryable(`repair settings are invalid: ${(err as Error).message}`, 'InvalidPolicy');
      }
    },

    async getRepairOrder(orderId: number): Promise<RepairOrderFacts> {
      const row = await db('repair_orders as r').leftJoin('customers as c', 'c.id', 'r.customer_id').where('r.id', orderId).first('r.*', 'c.segment_code');
      if (!row) throw ApplicationFailure.nonRetryable(`no repair order ${orderId}`, 'RepairOrderNotFound');
      return {
        orderId: row.id,
        orderNo: row.order_no,
        customerId: row.customer_id,
        category: row.category,
        description: row.description,
        place: row.place,
        priority: row.priority,
        openedAt: new Date(row.opened_at).toISOString(),
        area: row.segment_code ?? null,
        contactPhone: row.contact_phone ?? null,
      };
    },

    async linkRepairCase(input: { orderId: number; caseId: number }): Promise<void> {
      await db('repair_orders').where({ id: input.orderId }).update({ case_id: input.caseId });
    },

    /**
     * The dispatcher's choice, or a dispatch rule's (`ruleIndex`, no user: the workflow is the
     * actor): a crew member (an active user with the crew role), or a crew (an active one, with
     * at least one active member: its members are offered the order and `candidateUserIds`
     * answers them); `ok: false` with the reason to choose again.
     */
    async recordRepairDispatch(
      input: { orderId: number; caseId: number } & ({ crewUserId: number; crewCode?: never } | { crewCode: string; crewUserId?: never }) &
        ({ byUserId: number; ruleIndex?: never } | { byUserId?: never; ruleIndex: number }),
    ): Promise<{ ok: true; crewName: string; candidateUserIds: number[] } | { ok: false; code: DispatchRefusal; name: string }> {
      const { workflowId } = callingWorkflow();
      let chosen: { crewName: string; candidateUserIds: number[]; update: Record<string, unknown>; data: Record<string, unknown> };
      if (input.crewCode !== undefined) {
        const crew = await db('repair_crews').where({ code: input.crewCode }).first('code', 'name', 'active');
        if (!crew?.active) return { ok: false, code: 'CREW_UNKNOWN', name: crew?.name ?? input.crewCode };
        const members = await activeCrewMembers(db, crew.code);
        if (members.length === 0) return { ok: false, code: 'CREW_EMPTY', name: crew.name };
        chosen = { crewName: crew.name, candidateUserIds: members, update: { crew_code: crew.code, crew_user_id: null, handler_user_id: null }, data: { crewCode: crew.code, candidateUserIds: members } };
      } else {
        const crew = await db('users').where({ id: input.crewUserId, active: true }).whereRaw("'crew' = ANY(roles)").first('id', 'display_name');
        if (!crew) {
          const person = await db('users').where({ id: input.crewUserId }).first('display_name');
          return { ok: false, code: 'NOT_CREW', name: person?.display_name ?? String(input.crewUserId) };
        }
        chosen = { crewName: crew.display_name, candidateUserIds: [crew.id], update: { crew_code: null, crew_user_id: crew.id, handler_user_id: crew.id }, data: { crewUserId: crew.id } };
      }
      await db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        await trx('repair_orders').where({ id: input.orderId }).update(chosen.update);
        await appendEvent(trx, {
          type: 'repair.dispatched',
          actor: input.byUserId !== undefined ? `user:${input.byUserId}` : actorOf(workflowId),
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: { ...chosen.data, ...(input.ruleIndex !== undefined ? { byRule: true, ruleIndex: input.ruleIndex } : {}) },
          // A rule places an order once: a retry after the commit records nothing twice.
          ...(input.ruleIndex !== undefined ? { idempotencyKey: `repair.dispatched:${order.order_no}:rule` } : {}),
        });
      });
      return { ok: true, crewName: chosen.crewName, candidateUserIds: chosen.candidateUserIds };
    },

    /**
     * The crew's answer to a dispatch. An order dispatched to a crew goes to the member who
     * accepted it (`crewUserId`): answered with their name.
     */
    async recordCrewDecision(input: { orderId: number; caseId: number; byUserId: number; accepted: boolean; reason?: string; crewUserId?: number }): Promise<{ crewName?: string }> {
      const { workflowId } = callingWorkflow();
      return db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        const member = input.accepted && input.crewUserId !== undefined ? input.crewUserId : undefined;
        await trx('repair_orders')
          .where({ id: input.orderId })
          .update(
            input.accepted
              ? { responded_at: trx.raw('coalesce(responded_at, now())'), ...(member !== undefined ? { crew_user_id: member, handler_user_id: member } : {}) }
              : { crew_user_id: null, handler_user_id: null, crew_code: null },
          );
        await appendEvent(trx, {
          type: input.accepted ? 'repair.crew_accepted' : 'repair.crew_refused',
          actor: `user:${input.byUserId}`,
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: input.accepted ? (member !== undefined ? { crewUserId: member } : {}) : { reason: input.reason },
        });
        if (member === undefined) return {};
        const person = await trx('users').where({ id: member }).first('display_name');
        return { crewName: person?.display_name ?? String(member) };
      });
    },

    /**
     * The crew's report: parts swapped (a serial already on an open installation refuses the
     * whole report, nothing stored) and, when someone is liable, a compensation bill.
     */
    async recordRepairWork(input: { orderId: number; caseId: number; byUserId: number; work: WorkResult }): Promise<{ ok: true; compensationId?: number } | { ok: false; code: 'PART_ALREADY_INSTALLED'; serials: string[] }> {
      const { workflowId } = callingWorkflow();
      try {
        return await db.transaction(async (trx) => {
          const order = await orderRow(trx, input.orderId);
          // An activity retry after a commit finds its report recorded.
          const key = `repair.work_reported:${order.order_no}:${order.loop_count}`;
          const done = await trx('events').where({ idempotency_key: key }).first('id');
          if (done) {
            const bill = await trx('repair_compensations').where({ order_id: input.orderId, state: 'open' }).first('id');
            return { ok: true as const, ...(bill ? { compensationId: bill.id } : {}) };
          }
          // Parts taken out are no longer installed; the new ones are.
          const { parts } = input.work;
          if (parts.length > 0) {
            await trx('repair_parts').whereIn('new_serial', parts.map((p) => p.oldSerial)).where({ installed: true }).update({ installed: false });
            await trx('repair_parts').insert(parts.map((p) => ({ order_id: input.orderId, old_serial: p.oldSerial, new_serial: p.newSerial, recorded_by_id: input.byUserId })));
          }
          let compensationId: number | undefined;
          if (input.work.liableParty && input.work.compensationFen) {
            const [bill] = await trx('repair_compensations')
              .insert({ order_id: input.orderId, liable_party: input.work.liableParty, amount_fen: input.work.compensationFen })
              .returning('id');
            compensationId = bill.id;
            await appendEvent(trx, {
              type: 'repair.compensation_raised',
              actor: `user:${input.byUserId}`,
              workflowId,
              orderNo: order.order_no,
              caseId: input.caseId,
              customerId: order.customer_id,
              data: { compensationId, liableParty: input.work.liableParty, amountFen: input.work.compensationFen },
            });
          }
          await trx('repair_orders').where({ id: input.orderId }).update({ fixed_at: trx.fn.now() });
          await appendEvent(trx, {
            type: 'repair.work_reported',
            actor: `user:${input.byUserId}`,
            workflowId,
            orderNo: order.order_no,
            caseId: input.caseId,
            customerId: order.customer_id,
            data: { report: input.work.report, parts: parts, mileageKm: input.work.mileageKm ?? null, loop: order.loop_count },
            idempotencyKey: key,
          });
          return { ok: true as const, ...(compensationId ? { compensationId } : {}) };
        });
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
        const serials = input.work.parts.map((p) => p.newSerial);
        const taken: string[] = await db('repair_parts').whereIn('new_serial', serials).where({ installed: true }).pluck('new_serial');
        return { ok: false, code: 'PART_ALREADY_INSTALLED', serials: taken };
      }
    },

    async settleRepairCompensation(input: { orderId: number; caseId: number; compensationId: number; byUserId: number; result: CompensationResult }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        const [bill] = await trx('repair_compensations')
          .where({ id: input.compensationId, state: 'open' })
          .update({ state: input.result.decision, reason: input.result.decision === 'waived' ? input.result.reason : null, settled_by_id: input.byUserId, settled_at: trx.fn.now() })
          .returning('id');
        if (!bill) return;
        await appendEvent(trx, {
          type: 'repair.compensation_settled',
          actor: `user:${input.byUserId}`,
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: { compensationId: input.compensationId, ...input.result },
        });
      });
    },

    /** 结单. Refused (for good) while a compensation bill is open: the manual's rule, held here too. */
    async closeRepairOrder(input: { orderId: number; caseId: number; byUserId: number; note?: string }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        if (order.state !== 'open') return;
        const bill = await trx('repair_compensations').where({ order_id: input.orderId, state: 'open' }).first('id');
        if (bill) throw ApplicationFailure.nonRetryable(`repair order ${order.order_no} has an open compensation bill`, 'COMPENSATION_OPEN');
        await trx('repair_orders').where({ id: input.orderId }).update({ state: 'closed', closed_at: trx.fn.now(), handler_user_id: null });
        await appendEvent(trx, {
          type: 'repair.closed',
          actor: `user:${input.byUserId}`,
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: { loop: order.loop_count, ...(input.note ? { note: input.note } : {}) },
        });
      });
    },

    /** A revisit's rework closed again (结单): the order is done once more; `repair.redone` names the revisit. */
    async finishRepairRework(input: { orderId: number; caseId: number; revisitNo: string }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        if (order.state === 'done') return;
        await trx('repair_orders').where({ id: input.orderId }).update({ state: 'done' });
        await appendEvent(trx, {
          type: 'repair.redone',
          actor: actorOf(workflowId),
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: { revisitNo: input.revisitNo },
          idempotencyKey: `repair.redone:${order.order_no}:${input.revisitNo}`,
        });
      });
    },

    /** 回访驳回: the order goes back to its crew, counted. Answers the new loop count. */
    async reopenRepairOrder(input: { orderId: number; caseId: number; byUserId: number; reason: string }): Promise<number> {
      const { workflowId } = callingWorkflow();
      return db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        if (order.state !== 'closed') return order.loop_count;
        const [row] = await trx('repair_orders')
          .where({ id: input.orderId })
          .update({ state: 'open', closed_at: null, fixed_at: null, loop_count: trx.raw('loop_count + 1'), handler_user_id: trx.ref('crew_user_id') })
          .returning('loop_count');
        await appendEvent(trx, {
          type: 'repair.callback_rejected',
          actor: `user:${input.byUserId}`,
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
          data: { reason: input.reason, loop: row.loop_count },
        });
        return row.loop_count;
      });
    },

    /**
     * The callback's rating, by an agent or the customer's SMS: the order is done; a rating at
     * or below the policy's threshold also emits `repair.rated`. The rating joins every
     * process's ratings (db/queries/ratings.ts) in the same transaction: a bad one opens the
     * order's revisit, whose workflow starts once it is stored (a retry starts it if the first
     * try could not).
     */
    async recordRepairRating(input: { orderId: number; caseId: number; rating: number; comment?: string; via: 'agent' | 'sms'; byUserId?: number; smsReplyId?: number; badRatingThreshold: number }): Promise<void> {
      const { workflowId } = callingWorkflow();
      const revisitNo = await db.transaction(async (trx) => {
        const order = await orderRow(trx, input.orderId);
        if (order.state === 'done') return openRevisitOf(trx, 'repair', order.order_no, order.customer_id);
        await trx('repair_orders').where({ id: input.orderId }).update({ state: 'done', done_at: trx.fn.now(), rating: input.rating, rating_comment: input.comment ?? null });
        const common = {
          actor: input.byUserId ? `user:${input.byUserId}` : actorOf(workflowId),
          workflowId,
          orderNo: order.order_no,
          caseId: input.caseId,
          customerId: order.customer_id,
        };
        const data = { rating: input.rating, via: input.via, loop: order.loop_count, ...(input.comment ? { comment: input.comment } : {}), ...(input.smsReplyId ? { smsReplyId: input.smsReplyId } : {}) };
        await appendEvent(trx, { ...common, type: 'repair.callback_done', data });
        if (input.rating <= input.badRatingThreshold) {
          await appendEvent(trx, { ...common, type: 'repair.rated', data: { ...data, threshold: input.badRatingThreshold }, idempotencyKey: `repair.rated:${order.order_no}` });
        }
        const recorded = await recordRating(
          trx,
          {
            process: 'repair',
            orderNo: order.order_no,
            caseId: input.caseId,
            customerId: order.customer_id,
            rating: input.rating,
            comment: input.comment ?? null,
            source: input.via === 'sms' ? 'sms' : 'call',
            recordedById: input.byUserId ?? null,
            actor: common.actor,
            idempotencyKey: `repair:${order.order_no}:${order.loop_count}`,
          },
          await revisitPolicyIn(trx),
        );
        return recorded.revisit?.revisitNo;
      });
      if (revisitNo) await startRevisit(revisitNo);
    },

    /** The callback task is no longer needed (the customer rated by SMS). */
    async cancelRepairTask(input: { taskId: number; caseId: number; reason: string }): Promise<void> {
      await withdrawOpenTask(db, input);
    },
  };
}

export type RepairActivities = ReturnType<typeof createRepairActivities>;
