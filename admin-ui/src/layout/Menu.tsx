import AssessmentOutlinedIcon from '@mui/icons-material/AssessmentOutlined';
import PowerOffIcon from '@mui/icons-material/PowerOff';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import { Menu as RaMenu, useCanAccess, useTranslate } from 'react-admin';
import { AuditMenuItems } from '../audit';
import { RelocationMenuItems } from '../relocation';
import { RepairMenuItems } from '../repair';

/**
 * The resources in the order people work: inbox first. Each item shows only when the
 * permission table lets the user list it (react-admin asks authProvider.canAccess).
 */
export const Menu = () => {
  const translate = useTranslate();
  const { canAccess: canListTasks } = useCanAccess({ resource: 'tasks', action: 'list' });
  const { canAccess: canApply } = useCanAccess({ resource: 'disconnections', action: 'create' });
  const { canAccess: canReadReports } = useCanAccess({ resource: 'reports', action: 'list' });
  return (
    <RaMenu>
      <RaMenu.DashboardItem data-testid="menu-dashboard" />
      <RaMenu.ResourceItem name="tasks" data-testid="menu-tasks" />
      {canListTasks && (
        <RaMenu.Item
          to="/handled-tasks"
          primaryText={translate('app.menu.handled_tasks')}
          leftIcon={<TaskAltIcon />}
          data-testid="menu-handled-tasks"
        />
      )}
      {/* Applications have no list of their own: each one becomes a case. */}
      {canApply && (
        <RaMenu.Item
          to="/disconnections/create"
          primaryText={translate('app.menu.apply_disconnection')}
          leftIcon={<PowerOffIcon />}
          data-testid="menu-apply-disconnection"
        />
      )}
      <RaMenu.ResourceItem name="cases" data-testid="menu-cases" />
      <RepairMenuItems />
      {/* The alarm map (告警映射): designers keep it, dispatchers and auditors read it. */}
      <RaMenu.ResourceItem name="repair_devices" data-testid="menu-repair_devices" />
      {/* Telephone line relocation (市话移机): the orders, and taking one at the counter. */}
      <RelocationMenuItems />
      {/* Revisits after a bad review (差评回访): shown to those who may list them. */}
      <RaMenu.ResourceItem name="revisits" data-testid="menu-revisits" />
      {canReadReports && (
        <RaMenu.Item to="/reports/reconnection" primaryText={translate('app.reports.menu')} leftIcon={<AssessmentOutlinedIcon />} data-testid="menu-reports" />
      )}
      {/* The designers' workbench: how each process runs, and the versions of its parameters. */}
      <RaMenu.ResourceItem name="processes" data-testid="menu-processes" />
      <RaMenu.ResourceItem name="policies" data-testid="menu-policies" />
      <RaMenu.ResourceItem name="customers" data-testid="menu-customers" />
      <RaMenu.ResourceItem name="work_orders" data-testid="menu-work_orders" />
      <RaMenu.ResourceItem name="outbox" data-testid="menu-outbox" />
      <RaMenu.ResourceItem name="users" data-testid="menu-users" />
      <RaMenu.ResourceItem name="service_tokens" data-testid="menu-service_tokens" />
      {/* The auditors' timelines, search and the chain's verification. */}
      <AuditMenuItems />
    </RaMenu>
  );
};
