import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import type { RelocationOrder } from '../../domain/contracts/relocation';
import type { FeeCode } from '../../domain/relocation/fees';
import { iso } from '../lists';

/** An order with everything its list row shows beside it, by name. */
export function orderBase(db: Db | Knex.Transaction) {
  return db('relocation_orders as o')
    .join('customers as cu', 'cu.id', 'o.customer_id')
    .join('service_accounts as s', 's.service_no', 'o.service_no')
    .join('exchanges as fe', 'fe.code', 'o.from_exchange')
    .join('exchanges as te', 'te.code', 'o.to_exchange')
    .join('install_teams as tm', 'tm.code', 'o.team_code')
    .join('users as acc', 'acc.id', 'o.accepted_by_id')
    .leftJoin('users as aud', 'aud.id', 'o.audited_by_id')
    .leftJoin('users as ins', 'ins.id', 'o.installed_by_id')
    .leftJoin('users as ovr', 'ovr.id', 'o.fee_override_by_id')
    .leftJoin('customers as gu', 'gu.id', 'o.guarantor_customer_id')
    .select(
      'o.*',
      db.raw("to_char(o.appointment_date, 'YYYY-MM-DD') AS appointment_day"),
      'cu.customer_no',
      'cu.name as customer_name',
      's.line_type',
      'fe.name as from_exchange_name',
      'te.name as to_exchange_name',
      'tm.name as team_name',
      'acc.display_name as accepted_by_name',
      'aud.display_name as audited_by_name',
      'ins.display_name as installed_by_name',
      'ovr.display_name as fee_override_by_name',
      'gu.name as guarantor_name',
      db.raw("(SELECT t.id FROM tasks t WHERE t.case_id = o.case_id AND t.state = 'open' ORDER BY t.id DESC LIMIT 1) AS open_task_id"),
      db.raw("(SELECT t.step FROM tasks t WHERE t.case_id = o.case_id AND t.state = 'open' ORDER BY t.id DESC LIMIT 1) AS open_task_step"),
    );
}

/** A list row of an order (people by name, money in fen). */
export function presentOrder(row: DbRow): RelocationOrder {
  return {
    id: row.id,
    orderNo: row.order_no,
    state: row.state,
    kind: row.kind,
    serviceNo: row.service_no,
    customerId: row.customer_id,
    customerNo: row.customer_no,
    customerName: row.customer_name,
    lineType: row.line_type,
    fromExchange: row.from_exchange,
    fromExchangeName: row.from_exchange_name,
    toExchange: row.to_exchange,
    toExchangeName: row.to_exchange_name,
    newAddress: row.new_address,
    exchangeByHand: row.exchange_by_hand,
    oldNumber: row.old_number,
    newNumber: row.new_number,
    keepNumber: row.keep_number,
    announcement: row.announcement,
    announcementEndsAt: iso(row.announcement_ends_at),
    accountRelation: row.account_relation,
    pricingPlan: row.pricing_plan,
    teamCode: row.team_code,
    teamName: row.team_name,
    appointmentDate: row.appointment_day,
    appointmentSlot: row.appointment_slot,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    holder: row.holder,
    agentName: row.agent_name ?? null,
    guarantorCustomerId: row.guarantor_customer_id ?? null,
    guarantorName: row.guarantor_name ?? null,
    depositFen: Number(row.deposit_fen),
    feeComputedFen: Number(row.fee_computed_fen),
    feeTotalFen: Number(row.fee_total_fen),
    feeOverrideReason: row.fee_override_reason ?? null,
    feeOverrideByName: row.fee_override_by_name ?? null,
    invoiceNo: row.invoice_no ?? null,
    paidAt: iso(row.paid_at),
    auditRequired: row.audit_required ?? null,
    auditReasons: row.audit_reasons ?? null,
    loopCount: row.loop_count,
    acceptedById: row.accepted_by_id,
    acceptedByName: row.accepted_by_name,
    auditedByName: row.audited_by_name ?? null,
    installedByName: row.installed_by_name ?? null,
    caseId: row.case_id ?? null,
    workflowId: row.workflow_id,
    openTaskId: row.open_task_id === null || row.open_task_id === undefined ? null : Number(row.open_task_id),
    openTaskStep: row.open_task_step ?? null,
    createdAt: iso(row.created_at)!,
    installedAt: iso(row.installed_at),
    cancelledAt: iso(row.cancelled_at),
    cancelReason: row.cancel_reason ?? null,
  };
}

/** The order's page: its list row, the itemised fees, payments and refunds, the audit's draw, the booked seat and the documents registered. */
export async function orderDetail(db: Db, row: DbRow): Promise<RelocationOrder> {
  const [payments, booking] = await Promise.all([
    db('relocation_payments as p').leftJoin('users as u', 'u.id', 'p.cashier_id').where('p.order_id', row.id).orderBy('p.id').select('p.*', 'u.display_name as cashier_name'),
    db('relocation_bookings as b')
      .join('install_teams as tm', 'tm.code', 'b.team_code')
      .where('b.order_id', row.id)
      .first('b.team_code', 'tm.name as team_name', db.raw("to_char(b.day, 'YYYY-MM-DD') AS day"), 'b.slot', 'b.seat'),
  ]);
  return {
    ...presentOrder(row),
    feeLines: (row.fee_lines as Array<{ code: string; amountFen: number }>).map((line) => ({ code: line.code as FeeCode, amountFen: Number(line.amountFen) })),
    payments: payments.map((p) => ({ id: Number(p.id), kind: p.kind, amountFen: Number(p.amount_fen), invoiceNo: p.invoice_no ?? null, cashierName: p.cashier_name ?? null, recordedAt: iso(p.recorded_at)! })),
    auditDraw: row.audit_draw ?? null,
    booking: booking ? { teamCode: booking.team_code, teamName: booking.team_name, date: booking.day, slot: booking.slot, seat: booking.seat } : null,
    realName: {
      document: { type: row.document_type, number: row.document_number },
      agent: row.agent_name ? { name: row.agent_name, document: { type: row.agent_document_type, number: row.agent_document_number } } : null,
    },
  };
}
