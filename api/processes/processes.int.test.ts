import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { createApp } from '../app';

const PASSWORD = 'a-designer-password';
const HOUR = 3600;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: { baseUrl: string; close(): Promise<void> };
let designer: string;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  await insertUser(t.db, { username: 'designer', roles: ['designer'], password: PASSWORD });
  await insertUser(t.db, { username: 'collector', roles: ['collector'], password: PASSWORD });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  designer = await sessionCookie(api.baseUrl, 'designer', PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

async function get(path: string, cookie = designer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
}

/** A case that started `startedHoursAgo` and entered each step the given hours ago, as its workflow would have logged it. */
async function caseWithSteps(type: string, startedHoursAgo: number, steps: [step: string, hoursAgo: number][], state = 'running'): Promise<number> {
  const ago = (hours: number) => t.db.raw(`now() - make_interval(secs => ?)`, [hours * HOUR]);
  const [{ id }] = await t.db('cases')
    .insert({ type, title: `${type} ${startedHoursAgo}`, state, current_step: steps.at(-1)?.[0] ?? 'started', workflow_id: `wf-${type}-${startedHoursAgo}`, workflow_run_id: `run-${type}-${startedHoursAgo}`, started_at: ago(startedHoursAgo) })
    .returning('id');
  for (const [step, hoursAgo] of steps) {
    await t.db('events').insert({ type: 'case.step', actor: 'workflow:test', case_id: id, data: JSON.stringify({ step, state: 'running' }), at: ago(hoursAgo) });
  }
  return id;
}

describe('the process catalogue', () => {
  let waitingAtApproval: number;

  beforeAll(async () => {
    // Waiting at the second approval level: 1 h in `started`, 2 h at level 1.
    waitingAtApproval = await caseWithSteps('disconnection', 10, [['approval-1', 9], ['approval-2', 7]]);
    // Closed: 0.5 h started, 1 h approval, 4 h notice, 0.5 h re-check, 1 h commands.
    await caseWithSteps('disconnection', 8, [['approval-1', 7.5], ['pre-notice', 6.5], ['re-check', 2.5], ['commands', 2], ['archived', 1]], 'completed');
    // Older than the 30-day window: not in the times.
    await caseWithSteps('disconnection', 40 * 24, [['approval-1', 40 * 24 - 100]], 'completed');
    await caseWithSteps('reconnection', 3, [['close-command-1', 2.9], ['close-command-2', 1]]);
  });

  it('lists every registered process with its graph, the cases waiting at each step and the time spent in each', async () => {
    const { status, body } = await get('/api/processes');
    expect(status).toBe(200);
    expect(body.map((p: { id: string }) => p.id)).toEqual(['disconnection', 'reconnection', 'repair', 'relocation', 'revisit']);
    const disconnection = body[0];
    expect(disconnection).toMatchObject({ caseType: 'disconnection', policyKey: 'disconnection', start: 'started', openCases: 1, waiting: [{ step: 'approval', count: 1 }] });
    expect(disconnection.steps).toContainEqual({ id: 'approval', kind: 'person', numbered: true, task: 'disconnection-approval' });
    expect(disconnection.edges).toContainEqual({ from: 'approval', to: 'rejected', when: 'rejected' });
    const times = Object.fromEntries(disconnection.durations.map((d: { step: string }) => [d.step, d]));
    // Level 1 took 2 h in one case and 1 h in the other; stays still open are not counted.
    expect(times.approval).toEqual({ step: 'approval', count: 2, p50Seconds: 1.5 * HOUR, p95Seconds: 1.95 * HOUR });
    expect(times.started).toMatchObject({ count: 2, p50Seconds: 0.75 * HOUR });
    expect(times['pre-notice']).toEqual({ step: 'pre-notice', count: 1, p50Seconds: 4 * HOUR, p95Seconds: 4 * HOUR });
    expect(times.archived).toBeUndefined();
    expect(body[1]).toMatchObject({ id: 'reconnection', openCases: 1, waiting: [{ step: 'close-command', count: 1 }] });
  });

  it('shows one process, and no process for names that are not one', async () => {
    expect((await get('/api/processes/reconnection')).body).toMatchObject({ id: 'reconnection', tasks: [{ id: 'manual-reconnection', roles: ['collector'] }] });
    for (const name of ['complaint', '__proto__', 'toString']) expect((await get(`/api/processes/${name}`)).status).toBe(404);
  });

  it('lists the cases waiting at a step, each instance of a numbered one included', async () => {
    const filter = encodeURIComponent(JSON.stringify({ type: 'disconnection', step: 'approval', state: 'running' }));
    const { status, body } = await get(`/api/cases?filter=${filter}`);
    expect(status).toBe(200);
    expect(body.map((c: { id: number }) => c.id)).toEqual([waitingAtApproval]);
  });

  it('is for designers and those who read everything, not for collectors', async () => {
    const collector = await sessionCookie(api.baseUrl, 'collector', PASSWORD);
    expect((await get('/api/processes', collector)).status).toBe(403);
  });
});
