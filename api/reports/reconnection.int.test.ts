import { EAST, PERIOD } from './report-fixtures';
import { reconnectionReportRecord, reportCatalogRecord } from '../../domain/contracts/reports';
import { ReportTestApp, startReportTestApp } from './report-test-app';

let app: ReportTestApp;

beforeAll(async () => {
  app = await startReportTestApp(['auditor', 'collector']);
});

afterAll(() => app?.close());

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...PERIOD, ...extra }).toString();

describe('the reconnection report', () => {
  it('measures payment to power restored, per day and within a minute and fifteen', async () => {
    const { R1, R2, R3, R4 } = app.fixtures.r;
    const { status, body } = await app.get(`/api/reports/reconnection?${query()}`);
    expect(status).toBe(200);
    // The answer is exactly its contract (domain/contracts/reports.ts).
    expect(reconnectionReportRecord.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(body).toMatchObject({ report: 'reconnection', period: PERIOD, office: null });
    const f = body.figures;
    // R1..R4 started in the period (R5 in April); R1 40 s, R2 310 s, R3 7260 s; R4 not restored yet.
    expect(f.cases).toEqual({ value: 4, share: null, caseIds: [R1, R2, R3, R4], caseIdsTruncated: false });
    expect(f.restored).toMatchObject({ value: 3, caseIds: [R1, R2, R3] });
    expect(f.withinOneMinute).toEqual({ value: 1, share: 0.3333, caseIds: [R1], caseIdsTruncated: false });
    expect(f.withinFifteenMinutes).toEqual({ value: 2, share: 0.6667, caseIds: [R1, R2], caseIdsTruncated: false });
    // Median of 40, 310, 7260; 90th percentile 310 + 0.8 × (7260 − 310).
    expect([f.p50Seconds, f.p90Seconds]).toEqual([310, 5870]);
    expect(body.days).toEqual([
      { day: '2025-03-01', restored: 2, p50Seconds: 175, p90Seconds: 283, maxSeconds: 310, buckets: { 'within-1m': 1, 'within-15m': 1, 'within-1h': 0, 'over-1h': 0 }, caseIds: [R1, R2] },
      { day: '2025-03-02', restored: 1, p50Seconds: 7260, p90Seconds: 7260, maxSeconds: 7260, buckets: { 'within-1m': 0, 'within-15m': 0, 'within-1h': 0, 'over-1h': 1 }, caseIds: [R3, R4] },
    ]);
    expect(body.buckets.map((b: { bucket: string; figure: { value: number } }) => [b.bucket, b.figure.value])).toEqual([['within-1m', 1], ['within-15m', 1], ['within-1h', 0], ['over-1h', 1]]);
  });

  it('rates close commands per site and line, and counts manual orders by why', async () => {
    const { R1, R2, R3, R4 } = app.fixtures.r;
    const { body } = await app.get(`/api/reports/reconnection?${query()}`);
    // LINE-1: R1 one confirmed, R2 one failed and one confirmed; LINE-2: R3 three failed.
    expect(body.lines).toEqual([
      { site: 'SITE-RPT', line: 'LINE-1', commands: 3, confirmed: 2, failed: 1, successShare: 0.6667, caseIds: [R1, R2], failedCaseIds: [R2] },
      { site: 'SITE-RPT', line: 'LINE-2', commands: 3, confirmed: 0, failed: 3, successShare: 0, caseIds: [R3], failedCaseIds: [R3] },
    ]);
    expect(body.figures.commands).toMatchObject({ value: 6, caseIds: [R1, R2, R3] });
    expect(body.figures.commandsConfirmed).toMatchObject({ value: 2, share: 0.3333, caseIds: [R1, R2] });
    expect(body.figures.manualOrders).toMatchObject({ value: 2, caseIds: [R3, R4] });
    expect(body.manualReasons).toEqual([
      { reason: 'not-eligible', figure: { value: 1, share: 0.5, caseIds: [R4], caseIdsTruncated: false } },
      { reason: 'no-meter', figure: { value: 0, share: 0, caseIds: [], caseIdsTruncated: false } },
      { reason: 'commands-failed', figure: { value: 1, share: 0.5, caseIds: [R3], caseIdsTruncated: false } },
    ]);
  });

  it('keeps to one office', async () => {
    const { R1, R2 } = app.fixtures.r;
    const { body } = await app.get(`/api/reports/reconnection?${query({ office: EAST.code })}`);
    expect(body.office).toEqual(EAST);
    expect(body.figures.cases.caseIds).toEqual([R1, R2]);
    expect(body.figures.withinOneMinute).toMatchObject({ value: 1, share: 0.5 });
    expect(body.figures.withinFifteenMinutes).toMatchObject({ value: 2, share: 1 });
    expect(body.lines.map((l: { line: string }) => l.line)).toEqual(['LINE-1']);
    expect(body.figures.manualOrders.value).toBe(0);
    expect(body.days[1]).toMatchObject({ day: '2025-03-02', restored: 0, caseIds: [] });
  });

  it('exports CSV for Excel: an attachment, UTF-8 with a BOM, the office\'s Chinese name intact', async () => {
    const res = await app.get(`/api/reports/reconnection?${query({ office: EAST.code, format: 'csv' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=gridflow-reconnection-2025-03-01-2025-03-02-${EAST.code}.csv`);
    expect(res.text.startsWith('\uFEFFreport,reconnection\r\nfrom,2025-03-01\r\n')).toBe(true);
    expect(res.text).toContain(`office,${EAST.code},${EAST.name}\r\n`);
    expect(res.text).toContain('\r\nday,restored,p50_seconds,p90_seconds,max_seconds,within-1m,within-15m,within-1h,over-1h,case_ids\r\n2025-03-01,2,175,283,310,1,1,0,0');
  });

  it('refuses a bad query with a code, an unknown office and report, and people who may not read reports', async () => {
    for (const bad of ['from=2025-03-05&to=2025-03-01', 'from=2025-02-30', 'from=2024-01-01&to=2025-06-01', 'format=xlsx', 'colour=red', 'from=2025-03-01&from=2025-03-02']) {
      const { status, body } = await app.get(`/api/reports/reconnection?${bad}`);
      expect({ bad, status, code: body.error.code }).toEqual({ bad, status: 400, code: 'INVALID_REPORT_QUERY' });
    }
    expect((await app.get('/api/reports/reconnection?office=SEG-NONE')).body.error.code).toBe('UNKNOWN_OFFICE');
    expect((await app.get('/api/reports/revenue')).status).toBe(404);
    expect((await app.get('/api/reports/reconnection', 'collector')).status).toBe(403);
    expect((await app.get('/api/reports', 'collector')).status).toBe(403);
  });

  it('hands the cases behind a figure to the case list, which lists just those', async () => {
    const { body } = await app.get(`/api/reports/reconnection?${query()}`);
    const filter = (value: unknown) => encodeURIComponent(JSON.stringify({ ids: value }));
    const cases = await app.get(`/api/cases?filter=${filter(body.figures.withinFifteenMinutes.caseIds)}`);
    expect(cases.status).toBe(200);
    expect(cases.body.map((c: { id: number }) => c.id).sort()).toEqual([app.fixtures.r.R1, app.fixtures.r.R2].sort());
    expect(cases.headers.get('content-range')).toBe('cases 0-1/2');
    for (const bad of [[0], ['x'], 'R1', Array.from({ length: 501 }, (_, i) => i + 1)]) {
      const refused = await app.get(`/api/cases?filter=${filter(bad)}`);
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 400, code: 'INVALID_QUERY' });
    }
  });

  it('lists the reports and the offices they filter by', async () => {
    const { body } = await app.get('/api/reports');
    expect(reportCatalogRecord.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(body.reports).toEqual(['reconnection', 'disconnection', 'tasks', 'revisits']);
    expect(body.offices).toEqual(expect.arrayContaining([EAST, { code: 'SEG-RPT-W', name: '西区抄表段' }]));
  });
});
