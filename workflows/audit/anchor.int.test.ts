import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { verifyChain } from '../../db/audit/chain';
import { appendEvent } from '../../db/events';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { createLocalEnv } from '../../test/support/temporal';
import { AUDIT_ANCHOR_SCHEDULE_ID, ensureAuditAnchorSchedule } from '../../workers/schedules';
import { dayClosedAt } from './anchor';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;

beforeAll(async () => {
  [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
});
afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function runs(): Promise<Array<{ day: string; seq?: number; mailed: boolean }>> {
  const results = [];
  for await (const info of env.client.workflow.list({ query: `WorkflowType = 'anchorAuditChain'` })) {
    results.push(await env.client.workflow.getHandle(info.workflowId, info.runId).result());
  }
  return results;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the nightly anchor of the event chain (dev server)', () => {
  it('is scheduled at 00:05 China time for the configured mailbox, idempotently', async () => {
    await ensureAuditAnchorSchedule(env.client, 'old@audit.example');
    await ensureAuditAnchorSchedule(env.client, 'audit@audit.example');
    const schedule = await env.client.schedule.getHandle(AUDIT_ANCHOR_SCHEDULE_ID).describe();
    expect(schedule.spec).toMatchObject({ timezone: 'Asia/Shanghai', calendars: [expect.objectContaining({ hour: [{ start: 0, end: 0, step: 1 }], minute: [{ start: 5, end: 5, step: 1 }] })] });
    expect(schedule.action).toMatchObject({ workflowType: 'anchorAuditChain', args: [{ mailbox: 'audit@audit.example' }] });
  });

  it('stores the chain head as the day\'s anchor once, mails it once, and verify checks the chain against it', async () => {
    for (let i = 0; i < 3; i++) await appendEvent(t.db, { type: 'task.note', actor: 'user:1', data: { text: `n${i}` } });
    const handle = env.client.schedule.getHandle(AUDIT_ANCHOR_SCHEDULE_ID);
    await handle.trigger();
    await waitFor(async () => (await t.db('outbox').where({ purpose: 'audit-anchor', state: 'sent' })).length === 1);
    await appendEvent(t.db, { type: 'task.note', actor: 'user:1', data: { text: 'later' } });
    await handle.trigger();
    await waitFor(async () => (await runs()).length === 2);

    const day = dayClosedAt(Date.now());
    const anchors = await t.db('audit_anchors');
    expect(anchors).toMatchObject([{ seq: '3' }]);
    expect(anchors[0].hash).toBe((await t.db('events').where({ seq: 3 }).first('hash')).hash);
    expect((await runs()).map((run) => run.seq)).toEqual([3, 3]);
    const [mail] = await t.db('outbox').where({ purpose: 'audit-anchor' });
    expect(mail).toMatchObject({ channel: 'email', recipient: 'audit@audit.example', state: 'sent' });
    expect(mail.body).toContain(anchors[0].hash);
    expect(mail.body).toContain(day);
    // The anchor is on the record too, once.
    expect(await t.db('events').where({ type: 'audit.anchored' })).toHaveLength(1);
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, anchorsChecked: 1 });
  });
});

describe('dayClosedAt', () => {
  it('names the day in China that ended last', () => {
    expect(dayClosedAt(Date.parse('2026-12-01T16:05:00Z'))).toBe('2026-12-01'); // 00:05 on the 2nd in China
    expect(dayClosedAt(Date.parse('2026-12-01T15:59:00Z'))).toBe('2026-11-30'); // 23:59 on the 1st
  });
});
