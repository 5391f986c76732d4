import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { arrearsOfCustomer } from '../db/queries/reconnection';
import type { CommandFacts } from '../domain/disconnection/protection';
import type { MeterTarget } from '../hardware/driver';
import { callingWorkflow } from './context';

export interface DisconnectionTarget extends CommandFacts {
  customerId: number;
  customerNo: string;
  customerName: string;
  meter: (MeterTarget & { site: string; line: string }) | null;
}

/** Reads and writes of disconnection for arrears (欠费停电), per customer. */
export function createDisconnectionActivities(db: Db) {
  return {
    /** What the protection gate judges, read fresh at command time. */
    async getDisconnectionTarget(customerNo: string): Promise<DisconnectionTarget> {
      const row = await db('customers as c')
        .leftJoin('meters as m', 'm.customer_id', 'c.id')
        .where('c.customer_no', customerNo)
        .first('c.*', 'm.address as meter_address', 'm.protocol', 'm.site', 'm.line', 'm.password_level', 'm.password', 'm.operator_code');
      if (!row) throw ApplicationFailure.nonRetryable(`no customer with number ${customerNo}`, 'CustomerNotFound');
      return {
        customerId: row.id,
        customerNo: row.customer_no,
        customerName: row.name,
        protected: row.protected,
        protectionReason: row.protection_reason,
        type: row.type,
        supplyStatus: row.supply_status,
        arrearsFen: await arrearsOfCustomer(db, row.id),
        meter: row.meter_address
          ? { address: row.meter_address, protocol: row.protocol, passwordLevel: row.password_level, password: row.password, operatorCode: row.operator_code, site: row.site, line: row.line }
          : null,
      };
    },

    /** Every verdict and command outcome, with its reason and frames, for the case page and auditors. */
    async recordDisconnectionEvent(input: { caseId: number; customerId: number; type: string; data: Record<string, unknown>; key: string }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await appendEvent(db, {
        type: input.type,
        actor: `workflow:${workflowId}`,
        workflowId,
        caseId: input.caseId,
        customerId: input.customerId,
        data: input.data,
        idempotencyKey: `${input.type}:${workflowId}:${input.key}`,
      });
    },

    /** Archive (归档): supply status becomes disconnected; reconnection now watches the customer. */
    async markDisconnected(input: { caseId: number; customerId: number; outageAt: string; via: 'remote' | 'manual-entry'; byUserId?: number }): Promise<void> {
      const { workflowId } = callingWorkflow();
      await db.transaction(async (trx) => {
        await trx('customers').where({ id: input.customerId }).update({ supply_status: 'disconnected', last_outage_at: input.outageAt, updated_at: trx.fn.now() });
        await appendEvent(trx, {
          type: 'customer.disconnected',
          actor: `workflow:${workflowId}`,
          workflowId,
          caseId: input.caseId,
          customerId: input.customerId,
          data: { outageAt: input.outageAt, via: input.via, ...(input.byUserId ? { byUserId: input.byUserId } : {}) },
          idempotencyKey: `customer.disconnected:${workflowId}`,
        });
      });
    },
  };
}

export type DisconnectionActivities = ReturnType<typeof createDisconnectionActivities>;
