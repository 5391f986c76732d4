import { revisitsReportRecord } from '../../domain/contracts/reports';
import { insertCustomer } from '../../db/seeds/customers';
import { EAST, PERIOD, WEST } from './report-fixtures';
import { ReportTestApp, startReportTestApp } from './report-test-app';

/**
 * The revisits report (差评回访): a small world of ratings and revisits in and around the
 * report fixtures' period (2025-03-01 – 03-02, China time), read per process, team, cause and
 * office, every figure with the cases behind it.
 */
let app: ReportTestApp;
const c: Record<string, number> = {};
const INSIDE = new Date('2025-03-01T02:00:00Z');
const BEFORE = new Date('2025-02-20T02:00:00Z');

async function aCase(name: string, type = 'repair'): Promise<number> {
  const [{ id }] = await app.t.db('cases').insert({ type, title: name, workflow_id: `wf-${name}`, workflow_run_id: `run-${name}` }).returning('id');
  return (c[name] = Number(id));
}

beforeAll(async () => {
  app = await startReportTestApp(['auditor', 'collector']);
  const { db } = app.t;
  const east = (await insertCustomer(db, { customerNo: 'RPT-RV-1', name: '东区客户', segment: EAST })).customerId;
  const west = (await insertCustomer(db, { customerNo: 'RPT-RV-2', name: '西区客户', segment: WEST })).customerId;
  await db('repair_crews').insert({ code: 'crew-a', name: '抢修一班' });
  for (const name of ['o1', 'o2', 'l1', 'v1', 'v2']) await aCase(name, name.startsWith('v') ? 'revisit' : 'repair');
  const order = (orderNo: string, customerId: number, caseId: number) => ({
    order_no: orderNo, source: 'agent', customer_id: customerId, category: 'power-outage', description: '停电', place: '报表路 1 号', priority: 'normal', state: 'done', workflow_id: `repair-${orderNo}`, case_id: caseId, crew_code: 'crew-a',
  });
  await db('repair_orders').insert([order('1688000001', east, c.o1!), order('1688000002', west, c.o2!)]);
  // V1: the east customer's repair, reached two hours after it opened, recovered. V2: the west customer's relocation, unreachable.
  const [{ id: v1 }] = await db('revisits')
    .insert({ revisit_no: '1888000001', process: 'repair', order_ref: '1688000001', customer_id: east, workflow_id: 'revisit-1888000001', state: 'closed', outcome: 'recovered', recovered: true, case_id: c.v1, cause_code: 'quality-recurred', created_at: INSIDE, first_contact_at: new Date(INSIDE.getTime() + 2 * 3600_000) })
    .returning('id');
  const [{ id: v2 }] = await db('revisits')
    .insert({ revisit_no: '1888000002', process: 'relocation', order_ref: '1788000001', customer_id: west, workflow_id: 'revisit-1888000002', state: 'closed', outcome: 'unreachable', attempts: 3, case_id: c.v2, created_at: INSIDE })
    .returning('id');
  const rating = (process: string, orderRef: string, customerId: number, caseId: number, value: number, receivedAt: Date, revisitId: number | null) => ({
    process, order_ref: orderRef, customer_id: customerId, case_id: caseId, rating: value, source: 'call', actor: 'test', bad: value <= 2, bad_reasons: value <= 2 ? ['low-rating'] : [], revisit_id: revisitId, received_at: receivedAt,
  });
  await db('ratings').insert([
    rating('repair', '1688000001', east, c.o1!, 1, INSIDE, v1),
    rating('repair', '1688000001', east, c.o1!, 2, INSIDE, v1),
    rating('repair', '1688000002', west, c.o2!, 5, INSIDE, null),
    rating('relocation', '1788000001', west, c.l1!, 1, INSIDE, v2),
    // Before the period: not counted.
    rating('repair', '1688000002', west, c.o2!, 1, BEFORE, null),
  ]);
});

afterAll(() => app?.close());

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...PERIOD, ...extra }).toString();

describe('the revisits report', () => {
  it('counts bad reviews, revisits, reached, unreachable, recovered and repeat customers, with the cases behind each', async () => {
    const { status, body } = await app.get(`/api/reports/revisits?${query()}`);
    expect(status).toBe(200);
    expect(revisitsReportRecord.safeParse(body).error?.issues ?? []).toEqual([]);
    const f = body.figures;
    expect(f.ratings).toBe(4);
    expect(f.bad).toMatchObject({ value: 3, share: 0.75, caseIds: [c.o1, c.l1] });
    expect(f.revisits).toMatchObject({ value: 2, caseIds: [c.v1, c.v2] });
    expect(f.reached).toMatchObject({ value: 1, share: 0.5, caseIds: [c.v1] });
    expect(f.unreachable).toMatchObject({ value: 1, share: 0.5, caseIds: [c.v2] });
    expect(f.recovered).toMatchObject({ value: 1, share: 1, caseIds: [c.v1] });
    expect(f.notRecovered).toMatchObject({ value: 0, share: 0 });
    expect([f.firstContactP50Seconds, f.firstContactP90Seconds]).toEqual([7200, 7200]);
    // The east customer rated the same order badly twice.
    expect(f.repeatCustomers).toMatchObject({ value: 1, caseIds: [c.v1] });
  });

  it('breaks them down by process, by the team that did the work (by name) and by the top-level cause', async () => {
    const { body } = await app.get(`/api/reports/revisits?${query()}`);
    expect(body.processes.map((p: any) => [p.process, p.ratings, p.bad.value, p.bad.share, p.revisits.value, p.recovered.value])).toEqual([
      ['relocation', 1, 1, 1, 1, 0],
      ['repair', 3, 2, 0.6667, 1, 1],
    ]);
    expect(body.teams.map((team: any) => [team.process, team.team, team.teamName, team.ratings, team.bad.value])).toEqual([
      ['relocation', null, null, 1, 1],
      ['repair', 'crew-a', '抢修一班', 3, 2],
    ]);
    expect(body.causes).toEqual([
      { cause: 'quality', revisits: expect.objectContaining({ value: 1, caseIds: [c.v1] }) },
      { cause: null, revisits: expect.objectContaining({ value: 1, caseIds: [c.v2] }) },
    ]);
  });

  it("keeps to an office's customers, and exports the same as CSV", async () => {
    const { body } = await app.get(`/api/reports/revisits?${query({ office: EAST.code })}`);
    expect(body.office).toEqual(EAST);
    expect([body.figures.ratings, body.figures.bad.value, body.figures.revisits.value]).toEqual([2, 2, 1]);
    const west = await app.get(`/api/reports/revisits?${query({ office: WEST.code })}`);
    expect([west.body.figures.ratings, west.body.figures.bad.value, west.body.figures.repeatCustomers.value]).toEqual([2, 1, 0]);
    const csv = await app.get(`/api/reports/revisits?${query({ format: 'csv' })}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('process,team,team_name,ratings,bad,bad_share,bad_case_ids');
    expect(csv.text).toMatch(/^repair,crew-a,抢修一班,3,2,0\.6667,/m);
  });

  it('is for those who read reports', async () => {
    expect((await app.get(`/api/reports/revisits?${query()}`, 'collector')).status).toBe(403);
  });
});
