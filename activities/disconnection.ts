import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { arrearsOfCustomer } from '../db/queries/reconnection';
import { formatFen } from '../domain/billing/money';
import { DisconnectionPolicy, parseDisconnectionPolicy } from '../domain/disconnection/policy';
import type { CommandFacts } from '../domain/disconnection/protection';
import { renderTemplate } from '../domain/messages/template';
import { formatChinaTime } from '../domain/time';
import type { MeterTarget } from '../hardware/driver';
import { callingWorkflow } from './context';
import type { MessageGateway } from './messaging/gateway';
import { sendOnce } from './messaging/send-once';

export interface DisconnectionTarget extends CommandFacts {
  customerId: number;
  customerNo: string;
  customerName: string;
  meter: (MeterTarget & { site: string; line: string }) | null;
}

/** Reads and writes of disconnection for arrears (欠费停电), per customer. */
export function createDisconnectionActivities(db: Db, gateway: MessageGateway) {
  return {
    async loadDisconnectionPolicy(): Promise<DisconnectionPolicy> {
      const row = await db('settings').where({ key: 'disconnection' }).first();
      try {
        return parseDisconnectionPolicy(row?.value ?? {});
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`disconnection settings are invalid: ${(err as Error).message}`, 'InvalidPolicy');
      }
    },

    /** Pre-notice (manual §1.3): subscribers are texted before any command; once each per case. */
    async sendOutageNotices(input: { caseId: number; customerNos: string[]; template: string; commandNotBefore: string }): Promise<{ sent: number }> {
      const { workflowId } = callingWorkflow();
      const rows = await db('customers as c')
        .whereIn('c.customer_no', input.customerNos)
        .andWhere('c.sms_outage_notice', true)
        .whereNotNull('c.phone')
        .select('c.id', 'c.customer_no', 'c.name', 'c.phone', db.raw('GREATEST(COALESCE((SELECT SUM(a.arrears_fen) FROM account_arrears a WHERE a.customer_id = c.id), 0), 0) AS arrears_fen'));
      for (const row of rows) {
        await sendOnce(db, gateway, {
          idempotencyKey: `sms:outage-notice:${input.caseId}:${row.customer_no}`,
          channel: 'sms',
          recipient: row.phone,
          body: renderTemplate(input.template, {
            customerName: row.name,
            customerNo: row.customer_no,
            arrears: formatFen(Number(row.arrears_fen)),
            time: formatChinaTime(input.commandNotBefore),
            orderNo: String(input.caseId),
          }),
          purpose: 'outage-notice',
          customerId: row.id,
          workflowId,
          caseId: input.caseId,
        });
      }
      return { sent: rows.length };
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
