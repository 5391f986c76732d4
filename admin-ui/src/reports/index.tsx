import type { ComponentType } from 'react';
import { Navigate, Route } from 'react-router-dom';
import type { ReportName } from '../../../domain/reports/names';
import { DisconnectionReportPage } from './DisconnectionReportPage';
import { ReconnectionReportPage } from './ReconnectionReportPage';
import { RevisitsReportPage } from './RevisitsReportPage';
import { TasksReportPage } from './TasksReportPage';

/** Each report's page: a report added to REPORT_NAMES does not compile until it has one. */
const REPORT_PAGES: Record<ReportName, ComponentType> = {
  reconnection: ReconnectionReportPage,
  disconnection: DisconnectionReportPage,
  tasks: TasksReportPage,
  revisits: RevisitsReportPage,
};

/** The report pages' routes, for App.tsx's CustomRoutes (react-router wants <Route> elements as children). */
export const reportRoutes = [
  <Route key="reports" path="/reports" element={<Navigate to="/reports/reconnection" replace />} />,
  ...Object.entries(REPORT_PAGES).map(([name, Page]) => <Route key={`reports-${name}`} path={`/reports/${name}`} element={<Page />} />),
];
