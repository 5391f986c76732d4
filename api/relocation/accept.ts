import type { Knex } from 'knex';
import { appendEvent } from '../../db/events';
import { reserveAnyNumber, reserveNumber } from '../../db/queries/numbers';
import type { RelocationOrderRequest } from '../../domain/contracts/relocation';
import { decideRelocation, exchangeForAddress, RelocationChoiceError, type AddressPrefix, type RelocationDecision } from '../../domain/relocation/exchange';
import { applyOverride, FeeOverrideError, relocationFees, type LineType, type RelocationFees } from '../../domain/relocation/fees';
import type { IdentityDocument } from '../../domain/relocation/identity';
import { formatRelocationOrderNo, RELOCATION_ORDER_SEQUENCE } from '../../domain/relocation/numbering';
import type { RelocationPolicy } from '../../domain/relocation/policy';
import { relocationWorkflowId } from '../../workflows/relocation/ids';
import { HttpError } from '../errors';

/** What the route has read and checked before the order's transaction. */
export interface Acceptance {
  order: RelocationOrderRequest;
  /** The real-name check's documents (domain/relocation/identity.ts), already accepted. */
  realName: { document: IdentityDocument; agent?: { name: string; document: IdentityDocument } };
  clerk: { id: number; mayOverride: boolean };
  /** `user:<id>:<idempotencyKey>`, or null. */
  key: string | null;
  policy: RelocationPolicy;
  addressTable: readonly AddressPrefix[];
  exchanges: ReadonlyArray<{ code: string; name: string }>;
  now: Date;
}

export type Accepted = { id: number; orderNo: string; earlier: boolean };

/** The refusal of a fee override, as the API answers it. */
function overrideRefusal(err: FeeOverrideError): HttpError {
  if (err.code === 'NOT_PERMITTED') return new HttpError(403, 'FORBIDDEN', 'a fee override needs the right relocations.override (a supervisor)');
  return new HttpError(400, `FEE_OVERRIDE_${err.code}`, `fee override refused: ${err.code}`);
}

/** The new address's exchange: by the address table, or the clerk's choice when no prefix covers it. */
function newExchange(a: Acceptance): { code: string; byHand: boolean } {
  const match = exchangeForAddress(a.order.newAddress, a.addressTable);
  const chosen = a.order.exchangeCode;
  if (match) {
    if (chosen !== undefined && chosen !== match.exchangeCode) {
      throw new HttpError(422, 'EXCHANGE_MISMATCH', `the address table places ${JSON.stringify(a.order.newAddress)} in exchange ${match.exchangeCode}, not ${chosen}`, { exchangeCode: match.exchangeCode, prefix: match.prefix });
    }
    return { code: match.exchangeCode, byHand: false };
  }
  if (chosen === undefined) {
    throw new HttpError(422, 'ADDRESS_NOT_COVERED', `no exchange covers ${JSON.stringify(a.order.newAddress)}; choose one and send exchangeCode`, { exchanges: a.exchanges });
  }
  if (!a.exchanges.some((exchange) => exchange.code === chosen)) throw new HttpError(422, 'UNKNOWN_EXCHANGE', `no exchange ${chosen}`, { exchanges: a.exchanges });
  return { code: chosen, byHand: true };
}

function decide(fromExchange: string, toExchange: string, order: RelocationOrderRequest): RelocationDecision {
  try {
    const decision = decideRelocation({ fromExchange, toExchange, keepNumber: order.keepNumber, announcement: order.announcement });
    if (order.number !== undefined && !decision.numberChoice) throw new HttpError(400, 'NUMBER_SAME_EXCHANGE', 'a move within the exchange keeps its number; send no number');
    return decision;
  } catch (err) {
    if (err instanceof RelocationChoiceError) throw new HttpError(400, err.code, err.message);
    throw err;
  }
}

/** No guarantor and no deposit for a local line; a local guarantor or the policy's deposit for one from outside the area. */
async function guarantee(trx: Knex.Transaction, a: Acceptance, account: { customer_id: number; local: boolean; line_type: LineType }): Promise<{ guarantorId: number | null; depositFen: number }> {
  const guarantorId = a.order.guarantorCustomerId;
  if (account.local) {
    if (guarantorId !== undefined) throw new HttpError(400, 'GUARANTOR_NOT_NEEDED', 'a local line needs no guarantor');
    return { guarantorId: null, depositFen: 0 };
  }
  if (guarantorId === undefined) return { guarantorId: null, depositFen: a.policy.outsideAreaDepositFen[account.line_type] };
  if (guarantorId === account.customer_id) throw new HttpError(422, 'GUARANTOR_NOT_LOCAL', 'the customer cannot guarantee their own line', { guarantorCustomerId: guarantorId });
  if (!(await trx('customers').where({ id: guarantorId }).first('id'))) throw new HttpError(422, 'GUARANTOR_NOT_FOUND', `no customer ${guarantorId}`, { guarantorCustomerId: guarantorId });
  const local = await trx('service_accounts').where({ customer_id: guarantorId, local: true, state: 'active' }).first('service_no');
  if (!local) throw new HttpError(422, 'GUARANTOR_NOT_LOCAL', `customer ${guarantorId} has no active local line, so cannot guarantee`, { guarantorCustomerId: guarantorId });
  return { guarantorId, depositFen: 0 };
}

/** Books the lowest free seat of the team's slot; a seat taken at the same moment by another order is skipped. */
async function bookSeat(trx: Knex.Transaction, booking: { teamCode: string; day: string; slot: string; orderId: number }, capacity: number): Promise<number> {
  const slot = { team_code: booking.teamCode, day: booking.day, slot: booking.slot };
  const taken = new Set<number>((await trx('relocation_bookings').where(slot).pluck('seat')).map(Number));
  for (let seat = 1; seat <= capacity; seat++) {
    if (taken.has(seat)) continue;
    // A concurrent booking of this seat: wait for it, and if it stays, try the next seat.
    const rows = await trx('relocation_bookings')
      .insert({ ...slot, seat, order_id: booking.orderId })
      .returning('seat')
      .onConflict(['team_code', 'day', 'slot', 'seat'])
      .ignore();
    if (rows.length > 0) return seat;
  }
  throw new HttpError(409, 'SLOT_FULL', `team ${booking.teamCode} is fully booked on ${booking.day} ${booking.slot}; choose another slot`, { teamCode: booking.teamCode, date: booking.day, slot: booking.slot, capacity });
}

/**
 * The order in one transaction (the caller's): the line's row locked (one order of a line at a
 * time), its open order refused, same or cross exchange decided, the new number reserved, a
 * seat of the slot booked, the fees computed, the order and its events written. Any refusal
 * throws, and the transaction stores nothing. An order made earlier with the same key is
 * answered instead.
 */
export async function acceptOrder(trx: Knex.Transaction, a: Acceptance): Promise<Accepted> {
  const { order } = a;
  const account = await trx('service_accounts').where({ service_no: order.serviceNo }).forUpdate().first();
  if (!account) throw new HttpError(422, 'SERVICE_NOT_FOUND', `no line ${order.serviceNo}`, { serviceNo: order.serviceNo });
  // The same key sent twice at once: the second waits for the line and finds the first's order.
  if (a.key) {
    const earlier = await trx('relocation_orders').where({ idempotency_key: a.key }).first('id', 'order_no');
    if (earlier) return { id: earlier.id, orderNo: earlier.order_no, earlier: true };
  }
  if (account.state !== 'active') throw new HttpError(409, 'SERVICE_NOT_ACTIVE', `line ${order.serviceNo} is ${account.state}`, { state: account.state });
  const open = await trx('relocation_orders').where({ service_no: order.serviceNo, state: 'open' }).first('id', 'order_no');
  if (open) throw new HttpError(409, 'RELOCATION_OPEN', `line ${order.serviceNo} has an open relocation ${open.order_no}`, { id: open.id, orderNo: open.order_no });

  // A plan the policy offers, or the line's own (kept even when no longer offered).
  if (order.pricingPlan !== undefined && order.pricingPlan !== account.pricing_plan && !a.policy.pricingPlans.includes(order.pricingPlan)) {
    throw new HttpError(400, 'UNKNOWN_PRICING_PLAN', `no pricing plan ${order.pricingPlan}; the plans are ${a.policy.pricingPlans.join(', ')}`, { plans: a.policy.pricingPlans });
  }
  const exchange = newExchange(a);
  const decision = decide(account.exchange_code, exchange.code, order);
  const slot = a.policy.appointmentSlots.find((s) => s.code === order.appointment.slot);
  if (!slot) throw new HttpError(400, 'UNKNOWN_SLOT', `no slot ${order.appointment.slot}; the slots are ${a.policy.appointmentSlots.map((s) => s.code).join(', ')}`, { slots: a.policy.appointmentSlots.map((s) => s.code) });
  const team = await trx('install_teams').where({ code: order.appointment.teamCode }).first('code', 'exchange_code');
  if (!team) throw new HttpError(422, 'UNKNOWN_TEAM', `no installation team ${order.appointment.teamCode}`);
  if (team.exchange_code && team.exchange_code !== exchange.code) {
    throw new HttpError(422, 'TEAM_OTHER_EXCHANGE', `team ${team.code} serves exchange ${team.exchange_code}, not ${exchange.code}`, { teamExchange: team.exchange_code, exchangeCode: exchange.code });
  }
  const { guarantorId, depositFen } = await guarantee(trx, a, account);

  const lineType = account.line_type as LineType;
  const computed = relocationFees({ kind: decision.kind, lineType, announcement: order.announcement, keepNumber: order.keepNumber }, a.policy.fees);
  let fees: RelocationFees & { computedTotalFen?: number; override?: { reason: string } } = computed;
  if (order.feeOverride) {
    try {
      fees = applyOverride(computed, order.feeOverride, a.clerk.mayOverride);
    } catch (err) {
      if (err instanceof FeeOverrideError) throw overrideRefusal(err);
      throw err;
    }
  }

  const { rows } = await trx.raw(`SELECT nextval('${RELOCATION_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRelocationOrderNo(Number(rows[0].serial));
  const workflowId = relocationWorkflowId(orderNo);
  let newNumber: string = account.service_no;
  let reservedUntil: Date | undefined;
  if (decision.numberChoice) {
    const until = new Date(a.now.getTime() + a.policy.numbers.reservationMinutes * 60_000);
    if (order.number !== undefined) {
      const reserved = await reserveNumber(trx, { number: order.number, exchangeCode: exchange.code, reservedBy: workflowId, until });
      if (reserved.kind === 'unavailable') {
        throw new HttpError(409, 'NUMBER_UNAVAILABLE', `number ${order.number} is not free in exchange ${exchange.code} (${reserved.reason}); choose another`, { number: order.number, reason: reserved.reason });
      }
      newNumber = reserved.number;
    } else {
      const reserved = await reserveAnyNumber(trx, { exchangeCode: exchange.code, reservedBy: workflowId, until });
      if (!reserved) throw new HttpError(409, 'NO_FREE_NUMBER', `exchange ${exchange.code} has no free number`, { exchangeCode: exchange.code });
      newNumber = reserved.number;
    }
    reservedUntil = until;
  }

  const [{ id }] = await trx('relocation_orders')
    .insert({
      order_no: orderNo,
      service_no: account.service_no,
      customer_id: account.customer_id,
      kind: decision.kind,
      from_exchange: account.exchange_code,
      to_exchange: exchange.code,
      new_address: order.newAddress,
      exchange_by_hand: exchange.byHand,
      old_number: account.service_no,
      new_number: newNumber,
      keep_number: decision.npFlag,
      announcement: order.announcement,
      account_relation: account.account_relation,
      pricing_plan: order.pricingPlan ?? account.pricing_plan,
      team_code: team.code,
      appointment_date: order.appointment.date,
      appointment_slot: slot.code,
      contact_name: order.contactName,
      contact_phone: order.contactPhone,
      holder: order.realName.holder,
      document_type: a.realName.document.type,
      document_number: a.realName.document.number,
      agent_name: a.realName.agent?.name ?? null,
      agent_document_type: a.realName.agent?.document.type ?? null,
      agent_document_number: a.realName.agent?.document.number ?? null,
      guarantor_customer_id: guarantorId,
      deposit_fen: depositFen,
      fee_lines: JSON.stringify(fees.lines),
      fee_computed_fen: computed.totalFen,
      fee_total_fen: fees.totalFen,
      fee_override_reason: fees.override?.reason ?? null,
      fee_override_by_id: fees.override ? a.clerk.id : null,
      accepted_by_id: a.clerk.id,
      workflow_id: workflowId,
      idempotency_key: a.key,
    })
    .returning('id');
  const seat = await bookSeat(trx, { teamCode: team.code, day: order.appointment.date, slot: slot.code, orderId: id }, slot.capacity);

  const actor = `user:${a.clerk.id}`;
  // Places by name on the history (an exchange's code is the table's key, not what people read).
  const exchangeName = (code: string) => a.exchanges.find((known) => known.code === code)?.name ?? code;
  await appendEvent(trx, {
    type: 'relocation.accepted',
    actor,
    customerId: account.customer_id,
    workflowId,
    orderNo,
    data: {
      serviceNo: account.service_no,
      kind: decision.kind,
      fromExchange: account.exchange_code,
      fromExchangeName: exchangeName(account.exchange_code),
      toExchange: exchange.code,
      toExchangeName: exchangeName(exchange.code),
      exchangeByHand: exchange.byHand,
      newNumber,
      keepNumber: decision.npFlag,
      announcement: order.announcement,
      pricingPlan: order.pricingPlan ?? account.pricing_plan,
      appointment: { teamCode: team.code, date: order.appointment.date, slot: slot.code, seat },
      feeComputedFen: computed.totalFen,
      feeTotalFen: fees.totalFen,
      ...(fees.override ? { feeOverrideReason: fees.override.reason } : {}),
      depositFen,
      ...(guarantorId ? { guarantorCustomerId: guarantorId } : {}),
      documentType: a.realName.document.type,
      ...(a.realName.agent ? { agentName: a.realName.agent.name } : {}),
    },
  });
  if (reservedUntil) {
    await appendEvent(trx, {
      type: 'relocation.number_reserved',
      actor,
      customerId: account.customer_id,
      workflowId,
      orderNo,
      data: { number: newNumber, exchangeCode: exchange.code, exchangeName: exchangeName(exchange.code), reservedUntil: reservedUntil.toISOString(), chosen: order.number !== undefined },
    });
  }
  return { id, orderNo, earlier: false };
}
