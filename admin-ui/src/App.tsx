import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Navigate, Route } from 'react-router-dom';
import { auditRoutes } from './audit';
import { authProvider } from './authProvider';
import cases from './cases';
import customers from './customers';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import disconnections from './disconnections';
import { i18nProvider } from './i18n/i18nProvider';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import outbox from './outbox';
import policies from './policies';
import processes from './processes';
import relocations from './relocation';
import repair, { repairCalls } from './repair';
import repairDevices from './repair/devices';
import revisits from './revisit';
import { reportRoutes } from './reports';
import serviceTokens from './serviceTokens';
import tasks from './tasks';
import { HandledTaskList } from './tasks/HandledTaskList';
import users from './users';
import workOrders from './workOrders';

export const App = () => (
  <Admin
    title="app.title"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    <Resource name="tasks" {...tasks} />
    <Resource name="cases" {...cases} />
    <Resource name="customers" {...customers} />
    <Resource name="disconnections" {...disconnections} />
    <Resource name="work_orders" {...workOrders} />
    <Resource name="repair_orders" {...repair} />
    <Resource name="repair_calls" {...repairCalls} />
    <Resource name="repair_devices" {...repairDevices} />
    <Resource name="relocations" {...relocations} />
    <Resource name="revisits" {...revisits} />
    <Resource name="outbox" {...outbox} />
    <Resource name="users" {...users} />
    <Resource name="service_tokens" {...serviceTokens} />
    <Resource name="processes" {...processes} />
    <Resource name="policies" {...policies} />
    <CustomRoutes>
      <Route path="/handled-tasks" element={<HandledTaskList />} />
      {reportRoutes}
      {auditRoutes}
      {/* Settings became versioned policies: old links and bookmarks land on their versions. */}
      <Route path="/settings/*" element={<Navigate to="/policies" replace />} />
    </CustomRoutes>
  </Admin>
);
