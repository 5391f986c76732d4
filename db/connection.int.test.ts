import { createTestDatabase, TestDatabase } from '../test/support/database';
import { arrearsOfCustomer, customersDueForReconnection } from './queries/reconnection';
import { insertCustomer } from './seeds/customers';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('schema', () => {
  it('computes arrears as billed and due minus paid, ignoring bills not yet due', async () => {
    const c = await insertCustomer(t.db, { customerNo: 'S-0001', dueBillsFen: [10000, 2550] });
    const [{ id: accountId }] = await t.db('accounts').where({ account_no: c.accountNo }).select('id');
    await t.db('bills').insert({ account_id: accountId, period: '2099-01', amount_fen: 99999, due_at: t.db.raw(`now() + interval '20 days'`) });
    await t.db('payments').insert({ payment_id: 'P-1', account_id: accountId, amount_fen: 5000, channel: 'bank', paid_at: t.db.fn.now() });
    expect(await arrearsOfCustomer(t.db, c.customerId)).toBe(7550);
  });

  it('keeps the event log append-only', async () => {
    await t.db('events').insert({ type: 'test', actor: 'jest', data: '{}' });
    await expect(t.db('events').update({ actor: 'someone else' })).rejects.toThrow('append-only');
    await expect(t.db('events').delete()).rejects.toThrow('append-only');
  });

  it('refuses a meter address that is not 12 digits', async () => {
    await expect(
      insertCustomer(t.db, { customerNo: 'S-0002', meter: { address: '12345', site: 's', line: 'l' } }),
    ).rejects.toThrow();
  });

  it('lists disconnected customers who owe nothing and have no open reconnection order', async () => {
    const paid = await insertCustomer(t.db, { customerNo: 'S-0010', supplyStatus: 'disconnected' });
    await insertCustomer(t.db, { customerNo: 'S-0011', supplyStatus: 'disconnected', dueBillsFen: [100] });
    await insertCustomer(t.db, { customerNo: 'S-0012', supplyStatus: 'connected' });
    const busy = await insertCustomer(t.db, { customerNo: 'S-0013', supplyStatus: 'disconnected' });
    await t.db('work_orders').insert({ order_no: '140000000001', kind: 'manual_reconnection', customer_id: busy.customerId, workflow_id: 'w', workflow_run_id: 'r' });

    const due = await customersDueForReconnection(t.db);
    expect(due.map((c) => c.customerNo)).toEqual([paid.customerNo]);
  });
});
