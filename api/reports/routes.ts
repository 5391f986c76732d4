import { Router } from 'express';
import type { Db } from '../../db/connection';
import { REPORT_NAMES, reportQuery, type DisconnectionReport, type ReconnectionReport, type RevisitsReport, type TasksReport } from '../../domain/contracts/reports';
import type { ReportName } from '../../domain/reports/names';
import { periodProblem, resolvePeriod } from '../../domain/reports/period';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { parseBody } from '../validate';
import { reportCsv } from './csv';
import { disconnectionReport } from './disconnection';
import { findOffice, listOffices } from './offices';
import { reconnectionReport } from './reconnection';
import { ReportScope, scopeOf } from './sql';
import { revisitsReport } from './revisits';
import { tasksReport } from './tasks';

type AnyReport = ReconnectionReport | DisconnectionReport | TasksReport | RevisitsReport;

async function buildReport(db: Db, name: ReportName, scope: ReportScope, header: Pick<AnyReport, 'period' | 'office'>): Promise<AnyReport> {
  switch (name) {
    case 'reconnection':
      return { report: 'reconnection', ...header, ...(await reconnectionReport(db, scope)) };
    case 'disconnection':
      return { report: 'disconnection', ...header, ...(await disconnectionReport(db, scope)) };
    case 'tasks':
      return { report: 'tasks', ...header, ...(await tasksReport(db, scope, await listOffices(db))) };
    case 'revisits':
      return { report: 'revisits', ...header, ...(await revisitsReport(db, scope)) };
  }
}

function isReportName(name: string): name is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(name);
}

/**
 * Reports for those who oversee the work (auditors, dispatchers, administrators): each
 * filtered by period and office, each figure with the cases behind it, JSON or a CSV file.
 */
export function reportRoutes(db: Db): Router {
  const router = Router();

  router.get('/', allow('reports', 'list'), async (_req, res) => {
    res.json({ reports: [...REPORT_NAMES], offices: await listOffices(db) });
  });

  router.get('/:name', allow('reports', 'show'), async (req, res) => {
    const name = String(req.params.name);
    if (!isReportName(name)) throw new HttpError(404, 'NOT_FOUND', `no report ${name}; there are ${REPORT_NAMES.join(', ')}`);
    const query = parseBody(reportQuery, req.query, 'INVALID_REPORT_QUERY');
    const office = query.office === undefined ? null : await findOffice(db, query.office);
    if (office === undefined) throw new HttpError(400, 'UNKNOWN_OFFICE', `no office (meter-reading segment) ${query.office}`, [{ field: 'office', message: 'no such office' }]);
    const period = resolvePeriod(query, Date.now());
    // Only one end asked for: the other one filled in may still leave no period.
    const problem = periodProblem(period);
    if (problem) throw new HttpError(400, 'INVALID_REPORT_QUERY', `the period ${period.from} – ${period.to} cannot be reported on: ${problem}`, [{ field: 'from', message: problem }]);
    const scope = scopeOf(period, office?.code ?? null);
    const report = await buildReport(db, name, scope, { period, office });
    if (query.format === 'csv') {
      const officePart = office ? `-${office.code.replace(/[^A-Za-z0-9-]/g, '_')}` : '';
      res
        .type('text/csv; charset=utf-8')
        .attachment(`gridflow-${name}-${period.from}-${period.to}${officePart}.csv`)
        .send(reportCsv(report));
      return;
    }
    res.json(report);
  });
  return router;
}
