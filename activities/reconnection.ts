import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/connection';
import type { ReadBackRecord } from './disconnection';
import { policyVersionInForce } from '../db/queries/policies';
import { arrearsOfCustomer, customersDueForReconnection } from '../db/queries/reconnection';
import { parseReconnectionPolicy, ReconnectionPolicy } from '../domain/reconnection/policy';
import { closeWorkOrder } from '../db/queries/work-orders';
import { formatOrderNo, ORDER_SEQUENCES, ReconnectionOrderKind } from '../domain/workorders/numbering';
import { METER_COLUMNS, SiteMeter, siteMeterOf } from '../db/queries/meters';
import { appendEvent } from '../db/events';
import { callingWorkflow } from './context';

/** What the reconnection workflow needs to know about a customer, read in one place. */
export interface ReconnectionCase {
  customerId: number;
  customerNo: string;
  customerName: string;
  address: string;
  phone: string | null;
  supplyStatus: 'connected' | 'disconnected';
  arrearsFen: number;
  remoteReconnectEligible: boolean;
  smsReconnectNotice: boolean;
  meter: SiteMeter | null;
  collector: { name: string; phone: string; userId: number | null };
}

export interface CommandAttemptRecord {
  caseId: number;
  orderNo: string;
  customerId: number;
  attempt: number;
  confirmed: boolean;
  failure?: { code: string; message: string };
  exchanges: unknown[];
  /** Confirmed by a read-back after the command's activity failed: what the ledger and the meter said. */
  readBack?: ReadBackRecord;
}

export function createReconnectionActivities(db: Db) {
  return {
    async loadReconnectionPolicy(): Promise<ReconnectionPolicy> {
      const inForce = await policyVersionInForce(db, 'reconnection');
      try {
        return parseReconnectionPolicy(inForce?.value ?? {});
      } catch (err) {
        // A broken setting cannot be fixed by retrying; the designer must correct it.
        throw ApplicationFailure.nonRetryable(`reconnection settings are invalid: ${(err as Error).message}`, 'InvalidPolicy');
      }
    },

    async getReconnectionCase(customerNo: string): Promise<ReconnectionCase> {
      const row = await db('customers as c')
        .join('segments as s', 's.code', 'c.segment_code')
        .leftJoin('meters as m', 'm.customer_id', 'c.id')
        .where('c.customer_no', customerNo)
        .first(
          'c.id', 'c.customer_no', 'c.name', 'c.address', 'c.phone', 'c.supply_status',
          'c.remote_reconnect_eligible', 'c.sms_reconnect_notice',
          's.collector_name', 's.collector_phone', 's.collector_user_id',
          ...METER_COLUMNS,
        );
      if (!row) throw ApplicationFailure.nonRetryable(`no customer with number ${customerNo}`, 'CustomerNotFound');
      return {
        customerId: row.id,
        customerNo: row.customer_no,
        customerName: row.name,
        address: row.address,
        phone: row.phone,
        supplyStatus: row.supply_status,
        arrearsFen: await arrearsOfCustomer(db, row.id),
        remoteReconnectEligible: row.remote_reconnect_eligible,
        smsReconnectNotice: row.sms_reconnect_notice,
        meter: siteMeterOf(row),
        collector: { name: row.collector_name, phone: row.collector_phone, userId: row.collector_user_id },
      };
    },

    /** Opens (or, on an activity retry, finds) this workflow run's order of the given kind. */
    /** `reason` is a code: the trigger (payment, sweep) of an automatic order, why a manual one. */
    async openReconnectionOrder(input: { customerId: number; caseId: number; kind: ReconnectionOrderKind; reason: string; paymentId?: string }): Promise<string> {
      const { workflowId, runId } = callingWorkflow();
      const existing = await db('work_orders').where({ workflow_run_id: runId, kind: input.kind }).first('order_no');
      if (existing) return existing.order_no;
      const { rows } = await db.raw(`SELECT nextval('${ORDER_SEQUENCES[input.kind]}') AS serial`);
      const orderNo = formatOrderNo(input.kind, Number(rows[0].serial));
      // The order and its event commit together.
      const opened = await db.transaction(async (trx) => {
        const inserted = await trx('work_orders')
          .insert({
            order_no: orderNo,
            kind: input.kind,
            customer_id: input.customerId,
            case_id: input.caseId,
            workflow_id: workflowId,
            workflow_run_id: runId,
            reason: input.reason,
          })
          .onConflict(['workflow_run_id', 'kind', 'customer_id'])
          .ignore()
          .returning('order_no');
        if (inserted.length === 0) return false;
        await appendEvent(trx, {
          type: 'work_order.opened',
          actor: `workflow:${workflowId}`,
          customerId: input.customerId,
          workflowId,
          orderNo,
          caseId: input.caseId,
          data: { kind: input.kind, reason: input.reason, ...(input.paymentId ? { paymentId: input.paymentId } : {}) },
          idempotencyKey: `work_order.opened:${orderNo}`,
        });
        return true;
      });
      if (!opened) {
        const raced = await db('work_orders').where({ workflow_run_id: runId, kind: input.kind }).first('order_no');
        return raced.order_no;
      }
      return orderNo;
    },

    async recordCommandAttempt(record: CommandAttemptRecord): Promise<void> {
      const { workflowId } = callingWorkflow();
      await appendEvent(db, {
        type: record.confirmed ? 'meter.command.confirmed' : 'meter.command.failed',
        actor: `workflow:${workflowId}`,
        customerId: record.customerId,
        workflowId,
        orderNo: record.orderNo,
        caseId: record.caseId,
        data: { attempt: record.attempt, failure: record.failure ?? null, ...(record.readBack ? { readBack: record.readBack } : {}), exchanges: record.exchanges },
        idempotencyKey: `meter.command:${record.orderNo}:${record.attempt}`,
      });
    },

    /** Writes the reconnection back to the customer (domain brief §2, feedback). */
    async markReconnected(input: { customerId: number; orderNo: string; reconnectedAt: string; via: 'remote' | 'on-site'; byUserId?: number; caseId: number }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction(async (trx) => {
        await trx('customers')
          .where({ id: input.customerId })
          .update({ supply_status: 'connected', last_reconnected_at: input.reconnectedAt, updated_at: trx.fn.now() });
        await trx('work_orders')
          .where({ order_no: input.orderNo })
          .update({ state: 'completed', outcome: input.via === 'remote' ? 'reconnected' : 'reconnected-on-site', closed_at: trx.fn.now() });
        await appendEvent(trx, {
          type: 'customer.reconnected',
          actor: `workflow:${workflowId}`,
          customerId: input.customerId,
          workflowId,
          orderNo: input.orderNo,
          caseId: input.caseId,
          data: { reconnectedAt: input.reconnectedAt, via: input.via, ...(input.byUserId ? { byUserId: input.byUserId } : {}) },
          idempotencyKey: `customer.reconnected:${input.orderNo}`,
        });
      });
    },

    async closeOrder(input: { orderNo: string; state: 'failed' | 'cancelled'; outcome: string }): Promise<void> {
      await db.transaction((trx) => closeWorkOrder(trx, { order_no: input.orderNo }, { state: input.state, outcome: input.outcome }));
    },

    async findCustomersDueForReconnection(limit: number): Promise<string[]> {
      const due = await customersDueForReconnection(db, { limit });
      return due.map((c) => c.customerNo);
    },
  };
}

export type ReconnectionActivities = ReturnType<typeof createReconnectionActivities>;
