import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { listen } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { reconnectionWorkflowId } from '../../workflows/reconnection/ids';
import { createApp } from '../app';
import { issueServiceToken } from '../service-tokens';

const meterAddress = (n: number) => `0000000002${String(n).padStart(2, '0')}`;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: { baseUrl: string; close(): Promise<void> };
let token: string;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  gridflow = await startGridflow({
    env,
    db: t.db,
    meters: Array.from({ length: 6 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: true, replyLatencyMs: 2 })),
  });
  token = await issueServiceToken(t.db, 'bank-gateway');
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error() {}, warn() {} } }));
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** A disconnected customer owing 128.50 CNY. */
function customerInArrears(n: number) {
  return insertCustomer(t.db, {
    customerNo: `P-${n}`,
    supplyStatus: 'disconnected',
    meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE },
    dueBillsFen: [12850],
  });
}

async function pay(body: unknown, auth: string | null = `Bearer ${token}`): Promise<{ status: number; json(): Promise<any> }> {
  return fetch(`${api.baseUrl}/api/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function reconnectionResult(customerNo: string) {
  return env.client.workflow.getHandle(reconnectionWorkflowId(customerNo)).result();
}

describe('POST /api/payments', () => {
  it('asks for a service token', async () => {
    const customer = await customerInArrears(1);
    for (const auth of [null, 'Bearer not-a-token', token]) {
      const res = await pay({ paymentId: 'X-1', accountNo: customer.accountNo, amount: 1, channel: 'bank' }, auth);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    }
    expect(await t.db('payments')).toHaveLength(0);
  });

  it('answers bad input with 400 and a readable message, storing nothing', async () => {
    const customer = await customerInArrears(2);
    const res = await pay({ paymentId: 'BAD-1', accountNo: customer.accountNo, amount: '12.345', channel: 'cash' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('INVALID_PAYMENT');
    expect(body.error.message).toContain('at most two decimals');
    expect(body.error.message).toContain('channel must be one of counter, bank, online');

    const malformed = await pay('{"paymentId": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('INVALID_JSON');

    const unknown = await pay({ paymentId: 'BAD-2', accountNo: 'NO-SUCH', amount: 5, channel: 'bank' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.code).toBe('UNKNOWN_ACCOUNT');

    expect(await t.db('payments').whereIn('payment_id', ['BAD-1', 'BAD-2'])).toHaveLength(0);
    expect(await t.db('events').where({ type: 'payment.received' })).toHaveLength(0);
  });

  it('starts no command when the payment leaves arrears', async () => {
    const customer = await customerInArrears(3);
    const res = await pay({ paymentId: 'PART-1', accountNo: customer.accountNo, amount: '100.00', channel: 'counter' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ arrears: '28.50', reconnection: { state: 'not-due' }, duplicate: false });
    await expect(env.client.workflow.getHandle(reconnectionWorkflowId(customer.customerNo)).describe()).rejects.toThrow();
    expect(gridflow.simulator.meter(meterAddress(3)).received).toHaveLength(0);
  });

  it('reconnects at once when a payment clears the arrears', async () => {
    const customer = await customerInArrears(4);
    const res = await pay({ paymentId: 'FULL-1', accountNo: customer.accountNo, amount: 128.5, channel: 'online', paidAt: new Date().toISOString() });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      payment: { paymentId: 'FULL-1', amount: '128.50', channel: 'online' },
      arrears: '0.00',
      reconnection: { state: 'started', workflowId: reconnectionWorkflowId(customer.customerNo) },
    });
    await expect(reconnectionResult(customer.customerNo)).resolves.toMatchObject({ outcome: 'reconnected', commandsSent: 1 });
    expect(gridflow.simulator.meter(meterAddress(4)).relayOpen).toBe(false);
  });

  it('counts a payment posted twice once and starts one workflow', async () => {
    const customer = await customerInArrears(5);
    // A slow meter keeps the workflow running while the duplicate arrives.
    gridflow.simulator.meter(meterAddress(5)).failNextCommands(1, 'silence');
    const payment = { paymentId: 'DUP-1', accountNo: customer.accountNo, amount: '128.50', channel: 'bank' };

    const [a, b] = await Promise.all([pay(payment), pay(payment)]);

    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [first, second] = await Promise.all([a.json(), b.json()]);
    expect(first.payment).toEqual(second.payment);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(await t.db('payments').where({ payment_id: 'DUP-1' })).toHaveLength(1);
    await expect(reconnectionResult(customer.customerNo)).resolves.toMatchObject({ outcome: 'reconnected' });
    expect(await t.db('work_orders').where({ customer_id: customer.customerId })).toHaveLength(1);

    const later = await pay(payment);
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ duplicate: true, reconnection: { state: 'not-due' } });
    expect(await t.db('work_orders').where({ customer_id: customer.customerId })).toHaveLength(1);
  });

  it('refuses a reused paymentId that carries a different payment', async () => {
    const customer = await customerInArrears(6);
    expect((await pay({ paymentId: 'REUSE-1', accountNo: customer.accountNo, amount: 10, channel: 'bank' })).status).toBe(201);
    const res = await pay({ paymentId: 'REUSE-1', accountNo: customer.accountNo, amount: 20, channel: 'bank' });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'PAYMENT_ID_CONFLICT', details: { amount: '10.00' } });
    const [stored] = await t.db('payments').where({ payment_id: 'REUSE-1' });
    expect(Number(stored.amount_fen)).toBe(1000);
  });
});
