import { verifyChain } from '../../db/audit/chain';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import type { MessageGateway } from './gateway';
import { outboxOnlyGateway } from './gateway';
import { MessageToSend, queueMessage, sendOnce } from './send-once';

// Every outbox change is on the audit trail, written in the transaction that makes it.
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const message = (key: string, extra: Partial<MessageToSend> = {}): MessageToSend => ({
  idempotencyKey: key,
  channel: 'sms',
  recipient: '13800000001',
  body: `您的户号3100000001已恢复供电 ${key}`,
  purpose: 'customer-reconnected',
  workflowId: 'reconnection-3100000001',
  ...extra,
});

const eventsOf = async (key: string) =>
  (await t.db('events').whereRaw(`data->>'outboxId' = (SELECT id::text FROM outbox WHERE idempotency_key = ?)`, [key]).orderBy('seq')).map((e) => ({ type: e.type, actor: e.actor, data: e.data }));

describe('message events', () => {
  it('records message.queued with the row, once per key, and message.sent when the gateway took it', async () => {
    await queueMessage(t.db, message('sms:ev:1', { actor: 'user:42' }));
    await queueMessage(t.db, message('sms:ev:1'));
    await sendOnce(t.db, outboxOnlyGateway, message('sms:ev:1'));
    await sendOnce(t.db, outboxOnlyGateway, message('sms:ev:1'));

    const row = await t.db('outbox').where({ idempotency_key: 'sms:ev:1' }).first();
    expect(await eventsOf('sms:ev:1')).toEqual([
      { type: 'message.queued', actor: 'user:42', data: { outboxId: Number(row.id), channel: 'sms', recipient: '13800000001', purpose: 'customer-reconnected', body: row.body } },
      { type: 'message.sent', actor: 'gateway:outbox', data: expect.objectContaining({ outboxId: Number(row.id), attempt: 1, transport: 'outbox', providerMessageId: expect.any(String) }) },
    ]);
    const sent = await t.db('events').where({ type: 'message.sent' }).whereRaw(`data->>'outboxId' = ?`, [String(row.id)]).first();
    expect(sent).toMatchObject({ workflow_id: 'reconnection-3100000001' });
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('records each failed attempt as message.failed with its error, the row staying pending', async () => {
    const down: MessageGateway = { name: 'smtp:down', send: async () => { throw new Error('connect ECONNREFUSED'); } };
    await expect(sendOnce(t.db, down, message('sms:ev:2'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(sendOnce(t.db, down, message('sms:ev:2'))).rejects.toThrow(/ECONNREFUSED/);
    await sendOnce(t.db, outboxOnlyGateway, message('sms:ev:2'));

    const events = await eventsOf('sms:ev:2');
    expect(events.map((e) => [e.type, e.actor, e.data.attempt ?? null])).toEqual([
      ['message.queued', 'workflow:reconnection-3100000001', null],
      ['message.failed', 'gateway:smtp:down', 1],
      ['message.failed', 'gateway:smtp:down', 2],
      ['message.sent', 'gateway:outbox', 3],
    ]);
    expect(events[1]!.data.error).toBe('connect ECONNREFUSED');
    expect(await t.db('outbox').where({ idempotency_key: 'sms:ev:2' }).first()).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('queues row and event in the caller\'s transaction: a change that fails after it leaves neither', async () => {
    await expect(
      t.db.transaction(async (trx) => {
        await queueMessage(trx, message('sms:ev:3', { caseId: undefined }));
        throw new Error('the change failed after the message was queued');
      }),
    ).rejects.toThrow(/failed after/);
    expect(await t.db('outbox').where({ idempotency_key: 'sms:ev:3' }).first()).toBeUndefined();
    expect(await t.db('events').where({ idempotency_key: 'message.queued:sms:ev:3' }).first()).toBeUndefined();

    await t.db.transaction((trx) => queueMessage(trx, message('sms:ev:3')));
    expect((await eventsOf('sms:ev:3')).map((e) => e.type)).toEqual(['message.queued']);
  });

  it('marks a message sent only with its event: if the event cannot be written, the row stays pending', async () => {
    await queueMessage(t.db, message('sms:ev:4'));
    // An event refused by the database (as a full disk would) must not leave a row marked sent without its record.
    await t.db.raw(`
      create function refuse_sent_event() returns trigger language plpgsql as $$ begin
        if new.type = 'message.sent' then raise exception 'no room for the event'; end if;
        return new;
      end $$;
      create trigger refuse_sent_event before insert on events for each row execute function refuse_sent_event();`);
    try {
      await expect(sendOnce(t.db, outboxOnlyGateway, message('sms:ev:4'), { claimSeconds: 1 })).rejects.toThrow(/no room/);
      expect(await t.db('outbox').where({ idempotency_key: 'sms:ev:4' }).first()).toMatchObject({ state: 'pending' });
    } finally {
      await t.db.raw('drop trigger refuse_sent_event on events; drop function refuse_sent_event();');
    }
  });
});
