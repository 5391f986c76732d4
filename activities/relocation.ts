import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { revisitPolicyIn } from '../db/queries/ratings';
import { policyVersionInForce } from '../db/queries/policies';
import { assignNumber, quarantineNumber, releaseReservation, reserveNumber } from '../db/queries/numbers';
import { auditDecision, type AuditFacts, type AuditPolicy, type AuditRule } from '../domain/relocation/audit-sampling';
import type { RelocationKind } from '../domain/relocation/exchange';
import type { FeeLine, LineType } from '../domain/relocation/fees';
import type { AuditResult, BookedSlot, FixResult } from '../domain/relocation/forms';
import { parseRelocationPolicy, type AppointmentSlot, type RelocationPolicy } from '../domain/relocation/policy';
import { firstFreeSeat, slotCapacity } from '../domain/relocation/schedule';
import { callingWorkflow } from './context';
import { withdrawOpenTask } from './tasks';

/** What the order workflow needs to know about its order, read once at its start. */
export interface RelocationOrderFacts {
  orderId: number;
  orderNo: string;
  customerId: number;
  /** The line's number before the move. */
  oldNumber: string;
  /** Its number after the move: the old one unless a cross move takes a new one. */
  newNumber: string;
  kind: RelocationKind;
  lineType: LineType;
  fromExchange: string;
  toExchange: string;
  newAddress: string;
  keepNumber: boolean;
  announcement: boolean;
  teamCode: string;
  teamName: string;
  appointmentDate: string;
  appointmentSlot: string;
  contactName: string;
  contactPhone: string;
  feeLines: FeeLine[];
  feeTotalFen: number;
  feeComputedFen: number;
  depositFen: number;
  acceptedById: number;
  acceptedByName: string;
}

/** Why an order was or was not audited, as stored with it. */
export type StoredAuditDecision = { required: boolean; reasons: Array<AuditRule | 'sample' | 'pass'>; draw: number | null };

/** The typed failures of relocation activities that can never succeed: retrying changes nothing. */
export const RELOCATION_FAILURES = ['RelocationOrderNotFound', 'InvalidPolicy', 'NumberNotHeld', 'OrderNotOpen'] as const;
export type RelocationFailure = (typeof RELOCATION_FAILURES)[number];

const fail = (type: RelocationFailure, message: string) => ApplicationFailure.nonRetryable(message, type);
const actorOf = (workflowId: string) => `workflow:${workflowId}`;
const UNIQUE_VIOLATION = '23505';
const DAY_MS = 24 * 3600_000;

export interface RelocationDeps {
  db: Db;
  /** The audit sample's draw in [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}

/** The relocation order workflow's reads and writes: each business change with its event, in one transaction. */
export function createRelocationActivities(deps: RelocationDeps) {
  const { db } = deps;
  const random = deps.random ?? Math.random;

  /** The order row, locked for the transaction; a missing order can never be found by retrying. */
  async function lockedOrder(trx: Knex.Transaction, orderId: number) {
    const row = await trx('relocation_orders').where({ id: orderId }).forUpdate().first();
    if (!row) throw fail('RelocationOrderNotFound', `no relocation order ${orderId}`);
    return row;
  }

  /** An event of this order, from the calling workflow or a person. */
  function eventOf(order: { order_no: string; customer_id: number }, caseId: number, byUserId?: number | null) {
    const { workflowId } = callingWorkflow();
    return { actor: byUserId ? `user:${byUserId}` : actorOf(workflowId), workflowId, orderNo: order.order_no, caseId, customerId: order.customer_id };
  }

  /** Already done once (an activity retried after its commit)? */
  async function done(trx: Knex.Transaction, idempotencyKey: string): Promise<boolean> {
    return (await trx('events').where({ idempotency_key: idempotencyKey }).first('id')) !== undefined;
  }

  const holdsNewNumber = (order: { kind: string; keep_number: boolean; old_number: string; new_number: string }) =>
    order.kind === 'cross' && !order.keep_number && order.new_number !== order.old_number;

  /** Keeps the order's new number reserved until a moment (a no-op for orders without one). */
  async function keepReservation(trx: Knex.Transaction, order: { kind: string; keep_number: boolean; old_number: string; new_number: string; to_exchange: string; workflow_id: string }, until: string) {
    if (!holdsNewNumber(order)) return;
    const kept = await reserveNumber(trx, { number: order.new_number, exchangeCode: order.to_exchange, reservedBy: order.workflow_id, until: new Date(until) });
    if (kept.kind !== 'reserved') throw fail('NumberNotHeld', `number ${order.new_number} is no longer held by the order (${kept.reason})`);
  }

  const openOnly = (order: { state: string; order_no: string }) => {
    if (order.state !== 'open') throw fail('OrderNotOpen', `relocation order ${order.order_no} is ${order.state}`);
  };

  return {
    async loadRelocationPolicy(): Promise<RelocationPolicy> {
      const inForce = await policyVersionInForce(db, 'relocation');
      try {
        return parseRelocationPolicy(inForce?.value ?? {});
      } catch (err) {
        // A broken setting cannot be fixed by retrying; the designer must correct it.
        throw fail('InvalidPolicy', `relocation settings are invalid: ${(err as Error).message}`);
      }
    },

    async getRelocationOrder(orderNo: string): Promise<RelocationOrderFacts> {
      const row = await db('relocation_orders as o')
        .join('service_accounts as s', 's.service_no', 'o.service_no')
        .join('install_teams as t', 't.code', 'o.team_code')
        .join('users as u', 'u.id', 'o.accepted_by_id')
        .where('o.order_no', orderNo)
        .first('o.*', 's.line_type', 't.name as team_name', 'u.display_name as accepted_by_name', db.raw(`to_char(o.appointment_date, 'YYYY-MM-DD') as appointment_day`));
      if (!row) throw fail('RelocationOrderNotFound', `no relocation order ${orderNo}`);
      return {
        orderId: row.id,
        orderNo: row.order_no,
        customerId: row.customer_id,
        oldNumber: row.old_number,
        newNumber: row.new_number,
        kind: row.kind,
        lineType: row.line_type,
        fromExchange: row.from_exchange,
        toExchange: row.to_exchange,
        newAddress: row.new_address,
        keepNumber: row.keep_number,
        announcement: row.announcement,
        teamCode: row.team_code,
        teamName: row.team_name,
        appointmentDate: row.appointment_day,
        appointmentSlot: row.appointment_slot,
        contactName: row.contact_name,
        contactPhone: row.contact_phone,
        feeLines: row.fee_lines,
        feeTotalFen: Number(row.fee_total_fen),
        feeComputedFen: Number(row.fee_computed_fen),
        depositFen: Number(row.deposit_fen),
        acceptedById: row.accepted_by_id,
        acceptedByName: row.accepted_by_name,
      };
    },

    async linkRelocationCase(input: { orderId: number; caseId: number }): Promise<void> {
      await db('relocation_orders').where({ id: input.orderId }).update({ case_id: input.caseId });
    },

    /** Who installs: the active members of the order's team, none when it lists nobody (the crew role then). */
    async relocationInstallers(input: { teamCode: string }): Promise<number[]> {
      const ids: number[] = await db('install_team_members as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'm.team_code': input.teamCode, 'u.active': true })
        .orderBy('u.id')
        .pluck('u.id');
      return ids;
    },

    /**
     * 收费: the fee and the deposit (each if any) as payments with the invoice number, the order
     * paid, its number kept until the installation; `relocation.paid`. A retry records nothing twice.
     */
    async recordRelocationPayment(input: { orderId: number; caseId: number; byUserId: number; invoiceNo: string; reservedUntil: string }): Promise<{ paidFen: number }> {
      return db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        const fee = Number(order.fee_total_fen);
        const deposit = Number(order.deposit_fen);
        if (order.paid_at) return { paidFen: fee + deposit };
        openOnly(order);
        const rows = [
          ...(fee > 0 ? [{ kind: 'fee', amount_fen: fee, idempotency_key: `relocation-payment:${order.order_no}:fee` }] : []),
          ...(deposit > 0 ? [{ kind: 'deposit', amount_fen: deposit, idempotency_key: `relocation-payment:${order.order_no}:deposit` }] : []),
        ].map((row) => ({ ...row, order_id: order.id, invoice_no: input.invoiceNo, cashier_id: input.byUserId }));
        if (rows.length > 0) await trx('relocation_payments').insert(rows);
        await trx('relocation_orders').where({ id: order.id }).update({ invoice_no: input.invoiceNo, paid_at: trx.fn.now() });
        await keepReservation(trx, order, input.reservedUntil);
        await appendEvent(trx, {
          ...eventOf(order, input.caseId, input.byUserId),
          type: 'relocation.paid',
          data: { invoiceNo: input.invoiceNo, feeFen: fee, depositFen: deposit, totalFen: fee + deposit, ...(holdsNewNumber(order) ? { number: order.new_number, reservedUntil: input.reservedUntil } : {}) },
        });
        return { paidFen: fee + deposit };
      });
    },

    /**
     * 稽核 or not: the policy's rules on the order's facts, else a random draw against the
     * sample share; stored with the order (required, reasons, draw) and in
     * `relocation.audit_decided`, so an auditor sees why. Decided once: a retry reads it back.
     */
    async decideRelocationAudit(input: { orderId: number; caseId: number; audit: AuditPolicy }): Promise<StoredAuditDecision> {
      return db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        if (order.audit_required !== null) return { required: order.audit_required, reasons: order.audit_reasons, draw: order.audit_draw };
        const since = new Date(Date.now() - 365 * DAY_MS);
        const moves = await trx('service_account_moves').where({ service_no: order.service_no }).andWhere('moved_at', '>', since).count({ n: '*' }).first();
        const facts: AuditFacts = {
          feeOverridden: order.fee_override_reason !== null || Number(order.fee_total_fen) !== Number(order.fee_computed_fen),
          // An outside-area customer without a deposit has a local guarantor instead.
          depositWaived: order.guarantor_customer_id !== null,
          keptNumberAcrossExchanges: order.kind === 'cross' && order.keep_number,
          relocationsIn12Months: Number(moves?.n ?? 0) + 1,
          agentActing: order.agent_name !== null,
        };
        const decision = auditDecision(facts, input.audit, random);
        const draw = 'draw' in decision ? decision.draw : null;
        await trx('relocation_orders').where({ id: order.id }).update({ audit_required: decision.audit, audit_reasons: decision.reasons, audit_draw: draw });
        await appendEvent(trx, {
          ...eventOf(order, input.caseId),
          type: 'relocation.audit_decided',
          data: { required: decision.audit, reasons: decision.reasons, ...('share' in decision ? { draw: decision.draw, share: decision.share } : {}), facts },
          idempotencyKey: `relocation.audit_decided:${order.order_no}`,
        });
        return { required: decision.audit, reasons: decision.reasons, draw };
      });
    },

    /** The auditor's pass (the number kept until the installation) or rejection (back to the clerk, counted). Answers the loop count. */
    async recordRelocationAudit(input: { orderId: number; caseId: number; taskId: number; byUserId: number; result: AuditResult; reservedUntil: string }): Promise<number> {
      return db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        const key = `relocation.audit:${order.order_no}:${input.taskId}`;
        if (await done(trx, key)) return order.loop_count;
        openOnly(order);
        const event = eventOf(order, input.caseId, input.byUserId);
        if (input.result.decision === 'pass') {
          await trx('relocation_orders').where({ id: order.id }).update({ audited_by_id: input.byUserId });
          await keepReservation(trx, order, input.reservedUntil);
          await appendEvent(trx, { ...event, type: 'relocation.audit_passed', data: { loop: order.loop_count, ...(input.result.note ? { note: input.result.note } : {}) }, idempotencyKey: key });
          return order.loop_count;
        }
        const [row] = await trx('relocation_orders').where({ id: order.id }).update({ audited_by_id: input.byUserId, loop_count: trx.raw('loop_count + 1') }).returning('loop_count');
        await appendEvent(trx, { ...event, type: 'relocation.audit_rejected', data: { reason: input.result.reason, loop: row.loop_count }, idempotencyKey: key });
        return row.loop_count;
      });
    },

    /** The clerk resubmits a rejected order, with any corrected contact; `relocation.resubmitted`. */
    async recordRelocationResubmission(input: { orderId: number; caseId: number; taskId: number; byUserId: number; result: FixResult; reservedUntil: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        const key = `relocation.resubmitted:${order.order_no}:${input.taskId}`;
        if (await done(trx, key)) return;
        openOnly(order);
        const changes: Record<string, { from: string; to: string }> = {};
        if (input.result.contactName !== undefined && input.result.contactName !== order.contact_name) changes.contactName = { from: order.contact_name, to: input.result.contactName };
        if (input.result.contactPhone !== undefined && input.result.contactPhone !== order.contact_phone) changes.contactPhone = { from: order.contact_phone, to: input.result.contactPhone };
        if (changes.contactName || changes.contactPhone) {
          await trx('relocation_orders')
            .where({ id: order.id })
            .update({ ...(changes.contactName ? { contact_name: changes.contactName.to } : {}), ...(changes.contactPhone ? { contact_phone: changes.contactPhone.to } : {}) });
        }
        await keepReservation(trx, order, input.reservedUntil);
        await appendEvent(trx, {
          ...eventOf(order, input.caseId, input.byUserId),
          type: 'relocation.resubmitted',
          data: { loop: order.loop_count, changes, ...(input.result.note ? { note: input.result.note } : {}) },
          idempotencyKey: key,
        });
      });
    },

    /** The team could not install: `relocation.install_failed` with its reason. */
    async recordRelocationInstallFailure(input: { orderId: number; caseId: number; taskId: number; byUserId: number; reason: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        await appendEvent(trx, {
          ...eventOf(order, input.caseId, input.byUserId),
          type: 'relocation.install_failed',
          data: { reason: input.reason, teamCode: order.team_code, slot: order.appointment_slot },
          idempotencyKey: `relocation.install_failed:${order.order_no}:${input.taskId}`,
        });
      });
    },

    /** A revisit's rework done: the team installed it again (差评返工); `relocation.redone` names the revisit. */
    async finishRelocationRework(input: { orderId: number; caseId: number; revisitNo: string; byUserId: number; note?: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        await appendEvent(trx, {
          ...eventOf(order, input.caseId, input.byUserId),
          type: 'relocation.redone',
          data: { revisitNo: input.revisitNo, ...(input.note ? { note: input.note } : {}) },
          idempotencyKey: `relocation.redone:${order.order_no}:${input.revisitNo}`,
        });
      });
    },

    /** The order's team's slots with no seat left, from a day for a number of days (the reschedule form's hints). */
    async relocationFullSlots(input: { orderId: number; fromDate: string; days: number; slots: AppointmentSlot[] }): Promise<BookedSlot[]> {
      const order = await db('relocation_orders').where({ id: input.orderId }).first('team_code');
      if (!order) throw fail('RelocationOrderNotFound', `no relocation order ${input.orderId}`);
      const rows: Array<{ day: string; slot: string; n: string | number }> = await db('relocation_bookings')
        .where({ team_code: order.team_code })
        .andWhere('day', '>=', input.fromDate)
        .andWhereRaw(`day < ?::date + ?::int`, [input.fromDate, input.days])
        .whereNot({ order_id: input.orderId })
        .groupBy('day', 'slot')
        .select(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'slot', db.raw('count(*) as n'))
        .orderBy(['day', 'slot']);
      return rows.filter((row) => Number(row.n) >= slotCapacity(input.slots, row.slot)).map((row) => ({ date: row.day, slot: row.slot }));
    },

    /**
     * A new appointment for the order's team: its booking moves to the lowest free seat of the
     * slot (a seat taken meanwhile collides on the key: the next one is tried), or `SLOT_FULL`
     * with nothing changed. `relocation.rescheduled`; the number is kept until the new date.
     */
    async rescheduleRelocation(input: {
      orderId: number;
      caseId: number;
      taskId: number;
      byUserId: number;
      date: string;
      slot: string;
      slots: AppointmentSlot[];
      reservedUntil: string;
    }): Promise<{ ok: true; seat: number } | { ok: false; code: 'SLOT_FULL'; date: string; slot: string }> {
      const capacity = slotCapacity(input.slots, input.slot);
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction(async (trx) => {
            const order = await lockedOrder(trx, input.orderId);
            const key = `relocation.rescheduled:${order.order_no}:${input.taskId}`;
            if (await done(trx, key)) {
              const booking = await trx('relocation_bookings').where({ order_id: order.id }).first('seat');
              return { ok: true as const, seat: booking?.seat ?? 0 };
            }
            openOnly(order);
            const taken: number[] = await trx('relocation_bookings').where({ team_code: order.team_code, day: input.date, slot: input.slot }).whereNot({ order_id: order.id }).pluck('seat');
            const seat = firstFreeSeat(taken, capacity);
            if (seat === null) return { ok: false as const, code: 'SLOT_FULL' as const, date: input.date, slot: input.slot };
            const before = await trx('relocation_bookings').where({ order_id: order.id }).first(trx.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'slot');
            await trx('relocation_bookings').where({ order_id: order.id }).delete();
            await trx('relocation_bookings').insert({ team_code: order.team_code, day: input.date, slot: input.slot, seat, order_id: order.id });
            await trx('relocation_orders').where({ id: order.id }).update({ appointment_date: input.date, appointment_slot: input.slot });
            await keepReservation(trx, order, input.reservedUntil);
            await appendEvent(trx, {
              ...eventOf(order, input.caseId, input.byUserId),
              type: 'relocation.rescheduled',
              data: { teamCode: order.team_code, date: input.date, slot: input.slot, seat, ...(before ? { fromDate: before.day, fromSlot: before.slot } : {}) },
              idempotencyKey: key,
            });
            return { ok: true as const, seat };
          });
        } catch (err) {
          // Another order took the seat between our read and insert: look again.
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 2 * capacity + 2) throw err;
        }
      }
    },

    /**
     * 装机完成, in one transaction: a cross move with a new number quarantines the old number,
     * renames the line to the new one (its rows follow by ON UPDATE CASCADE) and puts the new
     * one in service; the line takes the new exchange, address and plan; the move is counted
     * (order_ref: once per order); the order is installed, with the announcement's end if one
     * was ordered; `relocation.installed` and the rating request. A retry answers the same.
     */
    async completeRelocationInstallation(input: {
      orderId: number;
      caseId: number;
      byUserId: number;
      at: string;
      quarantineDays: number;
      announcementDays: number;
      note?: string;
    }): Promise<{ serviceNo: string; quarantinedUntil: string | null; announcementEndsAt: string | null }> {
      return db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        if (order.state === 'installed') {
          return {
            serviceNo: order.new_number,
            quarantinedUntil: null,
            announcementEndsAt: order.announcement_ends_at ? new Date(order.announcement_ends_at).toISOString() : null,
          };
        }
        openOnly(order);
        const at = Date.parse(input.at);
        let quarantinedUntil: string | null = null;
        if (holdsNewNumber(order)) {
          const until = new Date(at + input.quarantineDays * DAY_MS);
          const quarantined = await quarantineNumber(trx, { number: order.old_number, until });
          // A line whose number is not in the pool (kept elsewhere) has nothing to quarantine.
          if (quarantined.kind === 'quarantined') quarantinedUntil = until.toISOString();
          else if (quarantined.reason !== 'unknown-number') throw fail('NumberNotHeld', `old number ${order.old_number} is ${quarantined.reason}, not in use`);
          await trx('service_accounts').where({ service_no: order.old_number }).update({ service_no: order.new_number });
          const assigned = await assignNumber(trx, { number: order.new_number, reservedBy: order.workflow_id, serviceNo: order.new_number });
          if (assigned.kind !== 'assigned') throw fail('NumberNotHeld', `number ${order.new_number} is no longer held by the order (${assigned.reason})`);
        }
        await trx('service_accounts')
          .where({ service_no: order.new_number })
          .update({ exchange_code: order.to_exchange, address: order.new_address, pricing_plan: order.pricing_plan, account_relation: order.account_relation, updated_at: trx.fn.now() });
        await trx('service_account_moves').insert({ service_no: order.new_number, moved_at: new Date(at), order_ref: order.order_no }).onConflict('order_ref').ignore();
        const announcementEndsAt = order.announcement ? new Date(at + input.announcementDays * DAY_MS).toISOString() : null;
        await trx('relocation_orders')
          .where({ id: order.id })
          .update({ state: 'installed', installed_at: new Date(at), installed_by_id: input.byUserId, announcement_ends_at: announcementEndsAt });
        const event = eventOf(order, input.caseId, input.byUserId);
        const names = new Map<string, string>(
          (await trx('exchanges').whereIn('code', [order.from_exchange, order.to_exchange]).select('code', 'name')).map((row) => [row.code, row.name]),
        );
        await appendEvent(trx, {
          ...event,
          type: 'relocation.installed',
          data: {
            kind: order.kind,
            oldNumber: order.old_number,
            newNumber: order.new_number,
            fromExchange: order.from_exchange,
            fromExchangeName: names.get(order.from_exchange) ?? order.from_exchange,
            toExchange: order.to_exchange,
            toExchangeName: names.get(order.to_exchange) ?? order.to_exchange,
            address: order.new_address,
            ...(quarantinedUntil ? { quarantinedUntil } : {}),
            ...(announcementEndsAt ? { announcementEndsAt } : {}),
            ...(input.note ? { note: input.note } : {}),
          },
          idempotencyKey: `relocation.installed:${order.order_no}`,
        });
        // The callback the revisit process takes up.
        await appendEvent(trx, {
          ...eventOf(order, input.caseId),
          type: 'relocation.rating_requested',
          data: { serviceNo: order.new_number, contactPhone: order.contact_phone, loop: order.loop_count },
          idempotencyKey: `relocation.rating_requested:${order.order_no}`,
        });
        // The installed SMS asks for a rating: a reply from the contact phone, while the revisit
        // policy lets an SMS wait, becomes the order's rating (api/sms/inbound.ts).
        const answerHours = (await revisitPolicyIn(trx)).recovery.answerHours;
        await trx('survey_requests')
          .insert({ process: 'relocation', order_ref: order.order_no, customer_id: order.customer_id, case_id: input.caseId, phone: order.contact_phone, expires_at: new Date(Date.now() + answerHours * 3600_000) })
          .onConflict(['process', 'order_ref'])
          .ignore();
        return { serviceNo: order.new_number, quarantinedUntil, announcementEndsAt };
      });
    },

    /** The number-change announcement (改号通知) has run its days. */
    async endRelocationAnnouncement(input: { orderId: number; caseId: number }): Promise<void> {
      await db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        await appendEvent(trx, {
          ...eventOf(order, input.caseId),
          type: 'relocation.announcement_ended',
          data: { oldNumber: order.old_number, newNumber: order.new_number },
          idempotencyKey: `relocation.announcement_ended:${order.order_no}`,
        });
      });
    },

    /**
     * Cancellation before installation, by a person or because the order was not paid in
     * time: the number's reservation released, the booking deleted, what was paid refunded
     * (one `refund` row, negative), `relocation.refunded` and `relocation.cancelled`. A retry answers the same.
     */
    async cancelRelocationOrder(input: {
      orderId: number;
      caseId: number;
      code: 'cancelled' | 'reservation-expired';
      reason?: string;
      byUserId?: number;
    }): Promise<{ refundedFen: number; numberReleased: boolean }> {
      return db.transaction(async (trx) => {
        const order = await lockedOrder(trx, input.orderId);
        if (order.state === 'cancelled') {
          const refund = await trx('relocation_payments').where({ order_id: order.id, kind: 'refund' }).sum({ fen: 'amount_fen' }).first();
          return { refundedFen: -Number(refund?.fen ?? 0), numberReleased: false };
        }
        openOnly(order);
        const event = eventOf(order, input.caseId, input.byUserId);
        const numberReleased = holdsNewNumber(order) && (await releaseReservation(trx, { number: order.new_number, reservedBy: order.workflow_id }));
        if (numberReleased) await appendEvent(trx, { ...event, type: 'relocation.number_released', data: { number: order.new_number, code: input.code } });
        await trx('relocation_bookings').where({ order_id: order.id }).delete();
        const paid = await trx('relocation_payments').where({ order_id: order.id }).sum({ fen: 'amount_fen' }).first();
        const refundedFen = Number(paid?.fen ?? 0);
        if (refundedFen > 0) {
          await trx('relocation_payments').insert({ order_id: order.id, kind: 'refund', amount_fen: -refundedFen, invoice_no: order.invoice_no, cashier_id: input.byUserId ?? null, idempotency_key: `relocation-refund:${order.order_no}` });
          await appendEvent(trx, { ...event, type: 'relocation.refunded', data: { amountFen: refundedFen, invoiceNo: order.invoice_no } });
        }
        await trx('relocation_orders').where({ id: order.id }).update({ state: 'cancelled', cancelled_at: trx.fn.now(), cancel_reason: input.reason ?? input.code });
        await appendEvent(trx, { ...event, type: 'relocation.cancelled', data: { code: input.code, ...(input.reason ? { reason: input.reason } : {}), refundedFen, numberReleased } });
        return { refundedFen, numberReleased };
      });
    },

    /** A task no longer needed (the order was cancelled meanwhile). */
    async cancelRelocationTask(input: { taskId: number; caseId: number; reason: 'order-cancelled' | 'reservation-expired' }): Promise<void> {
      await withdrawOpenTask(db, input);
    },
  };
}

export type RelocationActivities = ReturnType<typeof createRelocationActivities>;
