import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { revisitWorkflowId } from '../../workflows/revisit/ids';
import { issueServiceToken } from '../service-tokens';
import { createApp } from '../app';

/**
 * Ratings of finished work and the revisits bad ones open (差评回访, issue 14), against
 * PostgreSQL and a time-skipping Temporal: a revisit's workflow is started (no worker runs it
 * here; workflows/revisit/workflow.int.test.ts does).
 */
const PASSWORD = 'revisit-password-1';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
let token = '';
const cookies = { agent: '', dispatcher: '', crew: '' };
const call = contractClient(() => api.baseUrl);
type Who = keyof typeof cookies;
const customers: Record<string, number> = {};

let orders = 0;
/** A repair order of its own customer, in the given state. */
async function repairOrder(state: 'open' | 'closed' | 'done' = 'done'): Promise<string> {
  orders++;
  const orderNo = `16${String(80000000 + orders)}`;
  const { customerId } = await insertCustomer(t.db, { customerNo: `RV-${orders}`, name: `回访客户${orders}` });
  customers[orderNo] = customerId;
  await t.db('repair_orders').insert({
    order_no: orderNo,
    source: 'agent',
    customer_id: customerId,
    category: 'power-outage',
    description: '停电',
    place: '幸福街道 3 号',
    contact_phone: '13800005555',
    priority: 'normal',
    state,
    workflow_id: `repair-${orderNo}`,
  });
  return orderNo;
}

const rate = (body: unknown, who: Who = 'agent') => call('post', '/api/ratings', '/api/ratings', { cookie: cookies[who] }, body);
const rateAsSite = (body: unknown) => call('post', '/api/ratings', '/api/ratings', { token }, body);
const count = async (table: string) => Number((await t.db(table).count('* as n').first())!.n);
/** Everything a rating stores: a refusal must leave each count as it was. */
const stored = async () => ({
  ratings: await count('ratings'),
  revisits: await count('revisits'),
  events: Number((await t.db('events').where((q) => void q.where('type', 'rating.recorded').orWhere('type', 'like', 'revisit.%')).count('* as n').first())!.n),
});

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  await insertUser(t.db, { username: 'agent', displayName: '黄座席', roles: ['agent'], password: PASSWORD });
  await insertUser(t.db, { username: 'dispatcher', displayName: '吴班长', roles: ['dispatcher'], password: PASSWORD });
  await insertUser(t.db, { username: 'crew', displayName: '郑维修', roles: ['crew'], password: PASSWORD });
  token = await issueServiceToken(t.db, 'website');
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const who of Object.keys(cookies) as Who[]) cookies[who] = await sessionCookie(api.baseUrl, who, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

describe('rating finished work', () => {
  it('records a good rating as not bad: no revisit', async () => {
    const orderNo = await repairOrder();
    const res = await rate({ process: 'repair', orderNo, rating: 5, comment: '师傅很专业' });
    expect(res).toMatchObject({ status: 201, body: { bad: false, reasons: [], revisit: null } });
    expect(await t.db('ratings').where({ id: res.body.ratingId }).first()).toMatchObject({ process: 'repair', order_ref: orderNo, customer_id: customers[orderNo], rating: 5, source: 'call', bad: false, revisit_id: null });
  });

  it('opens one revisit per order and customer, started as a workflow; a second bad rating joins it', async () => {
    const orderNo = await repairOrder('closed');
    const first = await rate({ process: 'repair', orderNo, rating: 1 });
    expect(first).toMatchObject({ status: 201, body: { bad: true, reasons: ['low-rating'], revisit: { opened: true } } });
    const revisitNo: string = first.body.revisit.revisitNo;
    expect(revisitNo).toMatch(/^18\d{8}$/);
    const { status } = await env.client.workflow.getHandle(revisitWorkflowId(revisitNo)).describe();
    expect(status.name).toBe('RUNNING');
    // A complaint in the comment is bad whatever the score.
    const second = await rate({ process: 'repair', orderNo, rating: 4, comment: '我要投诉，修完又坏了' });
    expect(second).toMatchObject({ status: 201, body: { bad: true, reasons: ['complaint-keyword'], revisit: { id: first.body.revisit.id, revisitNo, opened: false } } });
    expect(await t.db('revisits').where({ order_ref: orderNo })).toHaveLength(1);
    expect(await t.db('ratings').where({ order_ref: orderNo }).pluck('revisit_id')).toEqual([first.body.revisit.id, first.body.revisit.id]);
    expect(await t.db('events').where({ type: 'revisit.opened', order_no: revisitNo }).count('* as n').first()).toEqual({ n: '1' });

    // The dispatcher follows it: the customer by name, both ratings.
    const list = await call('get', '/api/revisits', `/api/revisits?filter=${encodeURIComponent(JSON.stringify({ q: orderNo }))}`, { cookie: cookies.dispatcher });
    expect(list.body.map((row: { revisitNo: string }) => row.revisitNo)).toEqual([revisitNo]);
    const page = await call('get', '/api/revisits/{id}', `/api/revisits/${first.body.revisit.id}`, { cookie: cookies.dispatcher });
    expect(page.body).toMatchObject({ revisitNo, process: 'repair', orderNo, customerName: expect.stringMatching(/^回访客户/), state: 'open', reasons: ['low-rating'], attempts: 0 });
    expect(page.body.ratings.map((r: { rating: number }) => r.rating)).toEqual([1, 4]);
  });

  it('opens one revisit when bad ratings of one order race', async () => {
    const orderNo = await repairOrder();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => rate({ process: 'repair', orderNo, rating: 1 + (i % 2) })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(answers.filter((a) => a.body.revisit.opened)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.revisit.id)).size).toBe(1);
    expect(await t.db('revisits').where({ order_ref: orderNo })).toHaveLength(1);
  });

  it('takes the self-service site’s rating with its service token, and answers a redelivery with the first rating', async () => {
    const orderNo = await repairOrder();
    const body = { process: 'repair', orderNo, rating: 2, idempotencyKey: 'site-1' };
    const first = await rateAsSite(body);
    expect(first).toMatchObject({ status: 201, body: { bad: true, revisit: { opened: true } } });
    const before = await stored();
    const again = await rateAsSite(body);
    expect(again).toMatchObject({ status: 200, body: { ratingId: first.body.ratingId, revisit: { id: first.body.revisit.id, opened: false } } });
    expect(await stored()).toEqual(before);
    expect(await t.db('ratings').where({ id: first.body.ratingId }).first()).toMatchObject({ source: 'self-service', actor: 'service:website', recorded_by_id: null });
  });

  it('takes an SMS reply to a recovery survey as its answer, words understood, once per message', async () => {
    const orderNo = await repairOrder();
    const rated = await rate({ process: 'repair', orderNo, rating: 1 });
    const { revisitNo, id } = rated.body.revisit;
    // The workflow has texted the survey to the order's contact (workflows/revisit does this).
    await t.db('revisits').where({ id }).update({ survey_phone: '13900002222', survey_sent_at: new Date() });
    const sms = (text: string, messageId: string) => call('post', '/api/sms/inbound', '/api/sms/inbound', { token }, { from: '13900002222', text, messageId });
    const answered = await sms('不满意', 'gw-1');
    expect(answered).toMatchObject({ status: 201, body: { revisitNo, orderNo: null, rating: 1, flagged: false } });
    expect(await t.db('repair_sms_replies').where({ id: answered.body.replyId }).first()).toMatchObject({ revisit_id: id, order_id: null, rating: 1 });
    expect(await t.db('events').where({ type: 'revisit.survey_replied', order_no: revisitNo }).first()).toMatchObject({ actor: 'service:website' });
    const again = await sms('不满意', 'gw-1');
    expect(again).toMatchObject({ status: 200, body: { replyId: answered.body.replyId, revisitNo } });
    // The reply reached the revisit's workflow as its signal (twice: the workflow keeps the first).
    const history = await env.client.workflow.getHandle(revisitWorkflowId(revisitNo)).fetchHistory();
    const signals = (history.events ?? []).flatMap((event) => (event.workflowExecutionSignaledEventAttributes ? [event.workflowExecutionSignaledEventAttributes.signalName] : []));
    expect(signals).toEqual(['revisitSurveyReply', 'revisitSurveyReply']);
    // Noise from that number is kept and flagged, not taken as the answer.
    const noise = await sms('你们是谁', 'gw-2');
    expect(noise).toMatchObject({ status: 201, body: { revisitNo: null, rating: null, flagged: true } });
  });

  it('takes an SMS reply to a reconnection’s satisfaction survey as the order’s rating; a bad one opens its revisit', async () => {
    // What the reconnection workflow leaves when the policy turns its survey on (workflows/reconnection covers the sending).
    const { customerId } = await insertCustomer(t.db, { customerNo: 'RV-RC1', name: '复电客户', phone: '13900003333' });
    const orderNo = '10990001';
    await t.db('work_orders').insert({ order_no: orderNo, kind: 'auto_reconnection', customer_id: customerId, state: 'completed', workflow_id: 'reconnection-RV-RC1', workflow_run_id: 'run-rc1', outcome: 'reconnected' });
    await t.db('outbox').insert({ idempotency_key: `sms:reconnection-rating-survey:${orderNo}`, channel: 'sms', recipient: '13900003333', body: '请评分', purpose: 'reconnection-rating-survey', state: 'sent', customer_id: customerId });
    const [survey] = await t.db('survey_requests').insert({ process: 'reconnection', order_ref: orderNo, customer_id: customerId, phone: '13900003333', expires_at: new Date(Date.now() + 48 * 3600_000) }).returning('id');
    const sms = (text: string, messageId: string) => call('post', '/api/sms/inbound', '/api/sms/inbound', { token }, { from: '13900003333', text, messageId });

    const answered = await sms('差', 'gw-rc-1');
    expect(answered).toMatchObject({ status: 201, body: { orderNo, rating: 1, flagged: false, revisitNo: null } });
    const rating = await t.db('ratings').where({ process: 'reconnection', order_ref: orderNo }).first();
    expect(rating).toMatchObject({ rating: 1, source: 'sms', bad: true, customer_id: customerId });
    expect(await t.db('survey_requests').where({ id: survey.id }).first()).toMatchObject({ rating_id: rating.id });
    const revisit = await t.db('revisits').where({ process: 'reconnection', order_ref: orderNo }).first();
    expect(revisit).toMatchObject({ state: 'open', customer_id: customerId });
    // Its workflow was started (no worker runs it here).
    expect((await env.client.workflow.getHandle(revisitWorkflowId(revisit.revisit_no)).describe()).type).toBe('revisitCase');
    expect(await t.db('events').where({ order_no: orderNo, type: 'rating.survey_answered' })).toHaveLength(1);

    // The gateway delivers it again: answered once; a second reply is no answer to it.
    const again = await sms('差', 'gw-rc-1');
    expect(again).toMatchObject({ status: 200, body: { replyId: answered.body.replyId, orderNo } });
    const later = await sms('5', 'gw-rc-2');
    expect(later).toMatchObject({ status: 201, body: { orderNo: null, flagged: true } });
    expect(await t.db('ratings').where({ process: 'reconnection', order_ref: orderNo })).toHaveLength(1);
  });

  it('refuses bad input with a clear code and stores nothing', async () => {
    const done = await repairOrder();
    const open = await repairOrder('open');
    const cases: Array<[string, unknown, number, string]> = [
      ['a rating of 7', { process: 'repair', orderNo: done, rating: 7 }, 400, 'INVALID_RATING'],
      ['a rating of 4.5', { process: 'repair', orderNo: done, rating: 4.5 }, 400, 'INVALID_RATING'],
      ['neither rating nor comment', { process: 'repair', orderNo: done }, 400, 'INVALID_RATING'],
      ['an unknown process', { process: 'gas', orderNo: done, rating: 1 }, 400, 'INVALID_RATING'],
      ['a prototype name as process', { process: '__proto__', orderNo: done, rating: 1 }, 400, 'INVALID_RATING'],
      ['an order number that is no number', { process: 'repair', orderNo: 'abc', rating: 1 }, 400, 'INVALID_RATING'],
      ['a NUL in the comment', { process: 'repair', orderNo: done, comment: '差\u0000' }, 400, 'UNSTORABLE_TEXT'],
      ['a lone surrogate in the comment', { process: 'repair', orderNo: done, comment: '差\ud800' }, 400, 'UNSTORABLE_TEXT'],
      ['a field it does not have', { process: 'repair', orderNo: done, rating: 1, customerId: 1 }, 400, 'INVALID_RATING'],
      ['an order that is not there', { process: 'repair', orderNo: '1699999999', rating: 1 }, 422, 'ORDER_NOT_FOUND'],
      ['an order not finished', { process: 'repair', orderNo: open, rating: 1 }, 409, 'ORDER_NOT_FINISHED'],
      ['a relocation order number under repair', { process: 'relocation', orderNo: done, rating: 1 }, 422, 'ORDER_NOT_FOUND'],
    ];
    const before = await stored();
    for (const [name, body, status, code] of cases) {
      const res = await rate(body);
      expect([name, res.status, res.body.error?.code]).toEqual([name, status, code]);
    }
    expect((await rate({ process: 'repair', orderNo: done, rating: 1 }, 'crew')).status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});
