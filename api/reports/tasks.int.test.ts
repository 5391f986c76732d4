import { EAST, PERIOD, WEST } from './report-fixtures';
import { tasksReportRecord } from '../../domain/contracts/reports';
import { ReportTestApp, startReportTestApp } from './report-test-app';

let app: ReportTestApp;

beforeAll(async () => {
  app = await startReportTestApp(['admin']);
});

afterAll(() => app?.close());

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...PERIOD, ...extra }).toString();
type Row = { step: string; office: { code: string } | null; tasks: number; onTime: number; late: number; overdueOpen: number; openNotDue: number; cancelled: number; compliance: number | null; urges: number };

describe('the tasks report', () => {
  it('judges SLA compliance per step, counts overdue tasks and urges', async () => {
    const { D1, D2, D3 } = app.fixtures.d;
    const { R3, R4 } = app.fixtures.r;
    const { status, body } = await app.get(`/api/reports/tasks?${query()}`);
    expect(status).toBe(200);
    // The answer is exactly its contract (domain/contracts/reports.ts).
    expect(tasksReportRecord.safeParse(body).error?.issues ?? []).toEqual([]);
    const f = body.figures;
    // Seven tasks: approvals D1 L1 (on time), D1 L2 (late, urged twice), D2 L1 (late), D3 L1 (open past due, urged once);
    // on-site reconnections R3 (on time) and R4 (not yet due); D1's outage entry cancelled.
    expect(f.tasks).toMatchObject({ value: 7, caseIds: [R3, R4, D1, D2, D3].sort((a, b) => a - b) });
    expect(f.onTime).toMatchObject({ value: 2, caseIds: [R3, D1].sort((a, b) => a - b) });
    expect(f.late).toMatchObject({ value: 2, caseIds: [D1, D2] });
    expect(f.overdueOpen).toMatchObject({ value: 1, caseIds: [D3] });
    expect(f.compliance).toBe(0.4);
    expect(f.urgedTasks).toMatchObject({ value: 2, caseIds: [D1, D3] });
    expect(f.urges).toBe(3);
    const steps = body.steps.map((s: Row) => [s.step, s.tasks, s.onTime, s.late, s.overdueOpen, s.openNotDue, s.cancelled, s.compliance, s.urges]);
    expect(steps).toEqual([
      ['disconnection-approval', 4, 1, 2, 1, 0, 0, 0.25, 3],
      ['manual-outage-entry', 1, 0, 0, 0, 0, 1, null, 0],
      ['manual-reconnection', 2, 1, 0, 0, 1, 0, 1, 0],
    ]);
  });

  it('breaks each step down by office, a case across offices counting in each', async () => {
    const { body } = await app.get(`/api/reports/tasks?${query()}`);
    const rows = body.rows.map((r: Row) => [r.step, r.office?.code, r.tasks, r.onTime, r.late, r.overdueOpen, r.compliance]);
    // D1's approvals are east's and west's (customers in both); D2's east's; D3's west's.
    expect(rows).toEqual([
      ['disconnection-approval', EAST.code, 3, 1, 2, 0, 0.3333],
      ['disconnection-approval', WEST.code, 3, 1, 1, 1, 0.3333],
      ['manual-outage-entry', WEST.code, 1, 0, 0, 0, null],
      ['manual-reconnection', WEST.code, 2, 1, 0, 0, 1],
    ]);
    expect(body.rows[0].office).toEqual(EAST);
  });

  it('keeps to one office', async () => {
    const west = (await app.get(`/api/reports/tasks?${query({ office: WEST.code })}`)).body;
    // D1 L1, D1 L2, D3 L1, R3, R4, the outage entry: on time D1 L1 and R3, late D1 L2, overdue D3 L1.
    expect([west.figures.tasks.value, west.figures.onTime.value, west.figures.late.value, west.figures.overdueOpen.value, west.figures.compliance, west.figures.urges]).toEqual([6, 2, 1, 1, 0.5, 3]);
    expect(west.rows.every((r: Row) => r.office?.code === WEST.code)).toBe(true);
    const east = (await app.get(`/api/reports/tasks?${query({ office: EAST.code })}`)).body;
    expect([east.figures.tasks.value, east.figures.compliance, east.figures.urges]).toEqual([3, 0.3333, 2]);
  });

  it('exports per step and office as CSV, with the office\'s name', async () => {
    const { text } = await app.get(`/api/reports/tasks?${query({ format: 'csv' })}`);
    expect(text).toContain(`\r\nsteps_by_office\r\nstep,office,office_name,tasks,on_time,late,overdue_open,open_not_due,cancelled,compliance,urges,urged_tasks,case_ids,late_case_ids\r\ndisconnection-approval,${EAST.code},${EAST.name},3,1,2,0,0,0,0.3333,2,1,`);
  });
});
