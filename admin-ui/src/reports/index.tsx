import { Navigate, Route } from 'react-router-dom';
import { DisconnectionReportPage } from './DisconnectionReportPage';
import { ReconnectionReportPage } from './ReconnectionReportPage';
import { TasksReportPage } from './TasksReportPage';

/** The report pages' routes, for App.tsx's CustomRoutes (react-router wants <Route> elements as children). */
export const reportRoutes = [
  <Route key="reports" path="/reports" element={<Navigate to="/reports/reconnection" replace />} />,
  <Route key="reports-reconnection" path="/reports/reconnection" element={<ReconnectionReportPage />} />,
  <Route key="reports-disconnection" path="/reports/disconnection" element={<DisconnectionReportPage />} />,
  <Route key="reports-tasks" path="/reports/tasks" element={<TasksReportPage />} />,
];
