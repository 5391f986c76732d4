import { MockActivityEnvironment } from '@temporalio/testing';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { startSmtpServer } from '../../test/support/smtp';
import type { MessageGateway } from './gateway';
import { createMessagingActivities, SendMessageInput, SendMessageResult } from './activities';
import { sendOnce } from './send-once';
import { createSmtpGateway } from './smtp-gateway';

// The activity runs in the SDK's activity context (it reads the calling workflow's id);
// the database and the SMTP server are real.
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const activityContext = new MockActivityEnvironment({ workflowExecution: { workflowId: 'reconnection-M-1', runId: 'run-1' } }, { logger: quiet });
const gateways: Array<{ close?(): Promise<void> }> = [];

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close?.()));
  await smtp?.close();
  await t?.drop();
});

const message = (key: string): SendMessageInput => ({
  idempotencyKey: key,
  channel: 'sms',
  recipient: '13800000001',
  body: '尊敬的王小明：您的户号3100000001已于2026-11-22 10:30恢复供电。',
  purpose: 'customer-reconnected',
});

function activitiesOn(port: number) {
  const gateway = createSmtpGateway({ transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'gridflow@test', smsDomain: 'sms.test' });
  gateways.push(gateway);
  return createMessagingActivities(t.db, gateway);
}

describe('sendMessage', () => {
  it('texts through an email-to-SMS gateway, and sends a retried message only once', async () => {
    const { sendMessage } = activitiesOn(smtp.port);
    const first = (await activityContext.run(sendMessage, message('sms:test:1'))) as SendMessageResult;
    const retry = await activityContext.run(sendMessage, message('sms:test:1'));

    expect(first.alreadySent).toBe(false);
    expect(retry).toEqual({ outboxId: first.outboxId, alreadySent: true });
    const mails = await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['13800000001@sms.test']);
    expect(mails[0]?.text).toContain('您的户号3100000001已于2026-11-22 10:30恢复供电');
    const row = await t.db('outbox').where({ idempotency_key: 'sms:test:1' }).first();
    expect(row).toMatchObject({ state: 'sent', attempts: 1, workflow_id: 'reconnection-M-1' });
    expect(row.transport).toContain('smtp:127.0.0.1');
  });

  it('keeps a message pending with the error when the gateway is down, and sends it on retry', async () => {
    const down = await startSmtpServer();
    await down.close();
    await expect(activityContext.run(activitiesOn(down.port).sendMessage, message('sms:test:2'))).rejects.toThrow();
    const pending = await t.db('outbox').where({ idempotency_key: 'sms:test:2' }).first();
    expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
    expect(pending.last_error).toMatch(/ECONNREFUSED/);

    const before = smtp.received.length;
    await activityContext.run(activitiesOn(smtp.port).sendMessage, message('sms:test:2'));
    await smtp.waitFor(before + 1);
    expect(await t.db('outbox').where({ idempotency_key: 'sms:test:2' }).first()).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
  });
});

describe('sendOnce under overlapping attempts', () => {
  const smtpGateway = (port: number) => {
    const gateway = createSmtpGateway({ transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'gridflow@test', smsDomain: 'sms.test' });
    gateways.push(gateway);
    return gateway;
  };
  const delivered = (key: string) => smtp.received.filter((mail) => mail.text.includes(key)).length;
  const text = (key: string) => ({ ...message(key), body: `check ${key}` });

  it('delivers a message exactly once when ten attempts of one key overlap', async () => {
    const gateway = smtpGateway(smtp.port);
    const attempts = await Promise.allSettled(Array.from({ length: 10 }, () => sendOnce(t.db, gateway, text('sms:race:1'))));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(delivered('sms:race:1')).toBe(1);
    // The others were told it is sent or being sent; none pretends to have sent it.
    expect(attempts.filter((a) => a.status === 'fulfilled' && !a.value.alreadySent)).toHaveLength(1);
    expect(await t.db('outbox').where({ idempotency_key: 'sms:race:1' }).first()).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('lets a crashed sender\'s claim expire, then sends the message once', async () => {
    // A sender that claims the message and then never comes back (its process died).
    const crashed: MessageGateway = { name: 'crashed', send: () => new Promise(() => {}) };
    void sendOnce(t.db, crashed, text('sms:race:2'), { claimSeconds: 1, maxSendSeconds: 0 });
    for (let i = 0; i < 100 && !(await t.db('outbox').where({ idempotency_key: 'sms:race:2' }).first()); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const gateway = smtpGateway(smtp.port);
    // While the claim holds, another attempt must not send.
    await expect(sendOnce(t.db, gateway, text('sms:race:2'))).rejects.toThrow(/being sent/);
    expect(delivered('sms:race:2')).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(sendOnce(t.db, gateway, text('sms:race:2'))).resolves.toMatchObject({ alreadySent: false });
    await expect(sendOnce(t.db, gateway, text('sms:race:2'))).resolves.toMatchObject({ alreadySent: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered('sms:race:2')).toBe(1);
  });

  it('keeps the claim of a slow send alive, so nobody else sends it meanwhile', async () => {
    const gateway = smtpGateway(smtp.port);
    const slow: MessageGateway = { name: 'slow', send: async (m) => { await new Promise((r) => setTimeout(r, 2500)); return gateway.send(m); } };
    const first = sendOnce(t.db, slow, text('sms:race:3'), { claimSeconds: 1 });
    for (let i = 0; i < 100 && !(await t.db('outbox').where({ idempotency_key: 'sms:race:3' }).first()); i++) await new Promise((r) => setTimeout(r, 10));
    // Well past the 1-second claim the slow sender is still at it, and still holds the message.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    await expect(sendOnce(t.db, gateway, text('sms:race:3'), { claimSeconds: 1 })).rejects.toThrow(/being sent/);
    await expect(first).resolves.toMatchObject({ alreadySent: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered('sms:race:3')).toBe(1);
  });

  it('marks a message the gateway accepted as sent once the database answers again, and never sends it twice', async () => {
    // Real PostgreSQL refuses the first writes of "sent", as while it restarts (a sequence, since a refused write rolls back).
    await t.db.raw(`
      create sequence outbox_sent_refusals;
      create function refuse_sent() returns trigger language plpgsql as $$ begin
        if new.state = 'sent' and nextval('outbox_sent_refusals') <= 3 then
          raise exception 'the database system is starting up' using errcode = '57P03';
        end if;
        return new;
      end $$;
      create trigger refuse_sent before update on outbox for each row execute function refuse_sent();`);
    try {
      const gateway = smtpGateway(smtp.port);
      const first = await sendOnce(t.db, gateway, text('sms:race:4')).catch((err: Error) => err);
      const again = await sendOnce(t.db, gateway, text('sms:race:4')).catch((err: Error) => err);
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(delivered('sms:race:4')).toBe(1);
      expect(first).toMatchObject({ alreadySent: false });
      expect(again).toMatchObject({ alreadySent: true });
      expect(await t.db('outbox').where({ idempotency_key: 'sms:race:4' }).first()).toMatchObject({ state: 'sent', attempts: 1, claimed_until: null });
    } finally {
      await t.db.raw('drop trigger refuse_sent on outbox; drop function refuse_sent(); drop sequence outbox_sent_refusals;');
    }
  });
});
