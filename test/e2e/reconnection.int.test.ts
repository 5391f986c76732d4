import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createSmtpGateway } from '../../activities/messaging/smtp-gateway';
import { createApp } from '../../api/app';
import { issueServiceToken } from '../../api/service-tokens';
import { insertCustomer } from '../../db/seeds/customers';
import { openSimulatorOnSerialPort } from '../../hardware/simulator';
import { openSiteLines } from '../../workers/hardware';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen } from '../support/http';
import { startSmtpServer } from '../support/smtp';
import { openPtyPair, PtyPair } from '../support/socat';
import { createLocalEnv } from '../support/temporal';

// Every part real: HTTP, PostgreSQL, a Temporal dev server, the serialport package on a
// socat pty pair at 2400 8E1 with a meter simulator on the far end, and SMTP.
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let pty: PtyPair;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let gateway: ReturnType<typeof createSmtpGateway>;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;

const SITE = 'e2e-site';
const METER = '000000000501';

beforeAll(async () => {
  [env, t, pty, smtp] = await Promise.all([createLocalEnv(), createTestDatabase(), openPtyPair(), startSmtpServer()]);
  const simulator = await openSimulatorOnSerialPort(pty.a, [{ address: METER, relayOpen: true, replyLatencyMs: 30, replyPreamble: 2 }], { baudRate: 2400 });
  const lines = await openSiteLines({ site: SITE, lines: [{ name: 'rs485-1', path: pty.b, baudRate: 2400, protocol: 'dlt645-2007' }] });
  gateway = createSmtpGateway({ transport: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'gridflow@e2e', smsDomain: 'sms.e2e' });
  gridflow = await startGridflow({ env, db: t.db, meters: [], lines, simulator, gateway });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway }));
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await gateway?.close?.();
  await smtp?.close();
  await pty?.close();
  await env?.teardown();
  await t?.drop();
});

it('pays over HTTP and gets power back: workflow, hardware worker, serial meter, database, SMS', async () => {
  const customer = await insertCustomer(t.db, {
    customerNo: 'E2E-1',
    name: '王小明',
    phone: '13812345678',
    supplyStatus: 'disconnected',
    meter: { address: METER, site: SITE, line: 'rs485-1' },
    dueBillsFen: [12850],
  });
  const token = await issueServiceToken(t.db, 'bank');

  const response = await fetch(`${api.baseUrl}/api/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ paymentId: 'E2E-PAY-1', accountNo: customer.accountNo, amount: '128.50', channel: 'bank' }),
  });
  expect(response.status).toBe(201);

  const [mail] = await smtp.waitFor(1, 30_000);
  expect(mail?.to).toEqual(['13812345678@sms.e2e']);
  expect(mail?.text).toContain('E2E-1');
  expect(mail?.text).toContain('恢复供电');

  const row = await t.db('customers').where({ id: customer.customerId }).first();
  expect(row.supply_status).toBe('connected');
  expect(row.last_reconnected_at).not.toBeNull();
  const meter = gridflow.simulator.meter(METER);
  expect(meter.relayOpen).toBe(false);
  expect(meter.commandsReceived().map((c) => c.command)).toEqual(['direct-close']);
  const [confirmed] = await t.db('events').where({ customer_id: customer.customerId, type: 'meter.command.confirmed' });
  expect(confirmed.data.exchanges[0].receivedHex).toBe('FE FE 68 01 05 00 00 00 00 68 9C 00 72 16');
});
