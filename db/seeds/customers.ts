import type { Db } from '../connection';

export interface CustomerSpec {
  customerNo: string;
  name?: string;
  type?: 'residential' | 'non_residential';
  address?: string;
  phone?: string | null;
  segment?: { code: string; name?: string; collectorName?: string; collectorPhone?: string };
  supplyStatus?: 'connected' | 'disconnected';
  protected?: boolean;
  remoteReconnectEligible?: boolean;
  smsReconnectNotice?: boolean;
  smsOutageNotice?: boolean;
  /** Omit for a customer without a remote meter. */
  meter?: { address: string; site: string; line: string; passwordLevel?: number; password?: string; operatorCode?: string; closeCommand?: 'direct-close' | 'close-allowed' };
  accountNo?: string;
  /** Bills already due, in fen. */
  dueBillsFen?: number[];
}

export interface SeededCustomer {
  customerId: number;
  customerNo: string;
  accountNo: string;
}

/**
 * Inserts a customer with segment, meter, account and due bills. Demo data and tests use
 * it, so both exercise the same shape of data.
 */
export async function insertCustomer(db: Db, spec: CustomerSpec): Promise<SeededCustomer> {
  const segment = spec.segment ?? { code: 'SEG-01' };
  await db('segments')
    .insert({
      code: segment.code,
      name: segment.name ?? `抄表段 ${segment.code}`,
      collector_name: segment.collectorName ?? '李催费',
      collector_phone: segment.collectorPhone ?? '13900000001',
    })
    .onConflict('code')
    .ignore();
  const [{ id: customerId }] = await db('customers')
    .insert({
      customer_no: spec.customerNo,
      name: spec.name ?? '张三',
      type: spec.type ?? 'residential',
      address: spec.address ?? '幸福路 1 号',
      phone: spec.phone === undefined ? '13800000000' : spec.phone,
      segment_code: segment.code,
      supply_status: spec.supplyStatus ?? 'connected',
      protected: spec.protected ?? false,
      remote_reconnect_eligible: spec.remoteReconnectEligible ?? true,
      sms_reconnect_notice: spec.smsReconnectNotice ?? true,
      sms_outage_notice: spec.smsOutageNotice ?? true,
      last_outage_at: spec.supplyStatus === 'disconnected' ? db.fn.now() : null,
    })
    .returning('id');
  if (spec.meter) {
    await db('meters').insert({
      customer_id: customerId,
      address: spec.meter.address,
      site: spec.meter.site,
      line: spec.meter.line,
      password_level: spec.meter.passwordLevel ?? 2,
      password: spec.meter.password ?? '000000',
      operator_code: spec.meter.operatorCode ?? '00000000',
      close_command: spec.meter.closeCommand ?? 'direct-close',
    });
  }
  const accountNo = spec.accountNo ?? `A${spec.customerNo}`;
  const [{ id: accountId }] = await db('accounts').insert({ account_no: accountNo, customer_id: customerId }).returning('id');
  for (const [i, amountFen] of (spec.dueBillsFen ?? []).entries()) {
    await db('bills').insert({
      account_id: accountId,
      period: `2026-${String(i + 1).padStart(2, '0')}`,
      amount_fen: amountFen,
      due_at: db.raw(`now() - interval '1 day'`),
    });
  }
  return { customerId, customerNo: spec.customerNo, accountNo };
}
