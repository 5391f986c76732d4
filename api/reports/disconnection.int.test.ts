import { EAST, PERIOD, WEST } from './report-fixtures';
import { disconnectionReportRecord } from '../../domain/contracts/reports';
import { ReportTestApp, startReportTestApp } from './report-test-app';

let app: ReportTestApp;

beforeAll(async () => {
  app = await startReportTestApp(['dispatcher']);
});

afterAll(() => app?.close());

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...PERIOD, ...extra }).toString();
const HOUR = 3600;

describe('the disconnection report', () => {
  it('counts cases by outcome and customers disconnected, left out by why and deferred', async () => {
    const { D1, D2, D3 } = app.fixtures.d;
    const { status, body } = await app.get(`/api/reports/disconnection?${query()}`);
    expect(status).toBe(200);
    // The answer is exactly its contract (domain/contracts/reports.ts).
    expect(disconnectionReportRecord.safeParse(body).error?.issues ?? []).toEqual([]);
    const f = body.figures;
    // D1 archived, D2 rejected, D3 waiting at approval (D4 is April's).
    expect(f.cases).toMatchObject({ value: 3, caseIds: [D1, D2, D3] });
    expect(body.outcomes.map((o: { outcome: string; figure: { value: number; caseIds: number[] } }) => [o.outcome, o.figure.value, o.figure.caseIds])).toEqual([
      ['running', 1, [D3]],
      ['failed', 0, []],
      ['rejected', 1, [D2]],
      ['archived-empty', 0, []],
      ['archived', 1, [D1]],
    ]);
    // D1's four customers: two disconnected, one protected, one paid; C1 (twice) and C4 deferred by night.
    expect(f.customers).toMatchObject({ value: 4, caseIds: [D1] });
    expect(f.disconnected).toMatchObject({ value: 2, share: 0.5 });
    expect(f.excluded).toMatchObject({ value: 2, share: 0.5 });
    expect(f.deferred).toMatchObject({ value: 2, share: 0.5, caseIds: [D1] });
    expect(body.customers.map((c: { state: string; code: string | null; figure: { value: number } }) => [c.state, c.code, c.figure.value])).toEqual([
      ['disconnected', null, 2],
      ['excluded', 'PAID', 1],
      ['excluded', 'PROTECTED', 1],
    ]);
    expect(body.deferrals.find((d: { code: string }) => d.code === 'NIGHT').figure).toMatchObject({ value: 2, caseIds: [D1] });
    expect(body.deferrals.find((d: { code: string }) => d.code === 'WEEKEND').figure.value).toBe(0);
  });

  it('times each approval level from the task\'s creation to its completion', async () => {
    const { D1, D2, D3 } = app.fixtures.d;
    const { body } = await app.get(`/api/reports/disconnection?${query()}`);
    // Level 1: D1 1 h, D2 2 h, D3 still open; p90 = 1 h + 0.9 × 1 h. Level 2: D1 3 h.
    expect(body.approvals).toEqual([
      { level: 1, completed: 2, open: 1, p50Seconds: 1.5 * HOUR, p90Seconds: 1.9 * HOUR, maxSeconds: 2 * HOUR, caseIds: [D1, D2, D3] },
      { level: 2, completed: 1, open: 0, p50Seconds: 3 * HOUR, p90Seconds: 3 * HOUR, maxSeconds: 3 * HOUR, caseIds: [D1] },
    ]);
  });

  it('keeps to one office: its cases (by their customers or applications) and only its customers', async () => {
    const { D1, D2, D3 } = app.fixtures.d;
    const east = (await app.get(`/api/reports/disconnection?${query({ office: EAST.code })}`)).body;
    // East: D1 (C1, C2) and D2 (applied for D5); C1 disconnected and deferred, C2 protected.
    expect(east.figures.cases.caseIds).toEqual([D1, D2]);
    expect(east.figures.customers.value).toBe(2);
    expect(east.figures.disconnected).toMatchObject({ value: 1, share: 0.5 });
    expect(east.figures.deferred).toMatchObject({ value: 1 });
    expect(east.customers.map((c: { code: string | null }) => c.code)).toEqual([null, 'PROTECTED']);
    expect(east.approvals.map((a: { level: number; completed: number; open: number }) => [a.level, a.completed, a.open])).toEqual([[1, 2, 0], [2, 1, 0]]);
    const west = (await app.get(`/api/reports/disconnection?${query({ office: WEST.code })}`)).body;
    expect(west.figures.cases.caseIds).toEqual([D1, D3]);
    expect(west.customers.map((c: { code: string | null }) => c.code)).toEqual([null, 'PAID']);
  });

  it('exports its tables as CSV', async () => {
    const { text, headers } = await app.get(`/api/reports/disconnection?${query({ format: 'csv' })}`);
    expect(headers.get('content-disposition')).toBe('attachment; filename=gridflow-disconnection-2025-03-01-2025-03-02.csv');
    expect(text).toContain('\r\ncase_outcomes\r\noutcome,value,share,case_ids\r\nrunning,1,0.3333,');
    expect(text).toContain('\r\napproval_times\r\nlevel,completed,open,p50_seconds,p90_seconds,max_seconds,case_ids\r\n1,2,1,5400,6840,7200,');
  });
});
