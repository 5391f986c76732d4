import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import BuildIcon from '@mui/icons-material/Build';
import ViewKanbanIcon from '@mui/icons-material/ViewKanban';
import { Menu, useCanAccess, useTranslate } from 'react-admin';
import { Route } from 'react-router-dom';
import { CallsMenuItem } from './calls';
import { RepairBoard, useCanUseBoard } from './RepairBoard';
import { RepairIntake } from './RepairIntake';
import { RepairOrderList } from './RepairOrderList';
import { RepairOrderShow } from './RepairOrderShow';

/** 预约呼叫: the scheduled calls' queue, a resource of its own (repair_calls). */
export { default as repairCalls } from './calls';

/** 报修工单: list, show (printable), the agents' intake as create, and the dispatcher's board at /repair_orders/board. */
export default {
  list: RepairOrderList,
  show: RepairOrderShow,
  create: RepairIntake,
  icon: BuildIcon,
  recordRepresentation: 'orderNo',
  children: <Route path="board" element={<RepairBoard />} />,
};

/** The repair menu items, each shown by the permission table. */
export const RepairMenuItems = () => {
  const translate = useTranslate();
  const { canAccess: canList } = useCanAccess({ resource: 'repair_orders', action: 'list' });
  const { canAccess: canCreate } = useCanAccess({ resource: 'repair_orders', action: 'create' });
  const canUseBoard = useCanUseBoard();
  return (
    <>
      {canList && <Menu.Item to="/repair_orders" primaryText={translate('app.repair_order.menu.orders')} leftIcon={<BuildIcon />} data-testid="menu-repair_orders" />}
      {canCreate && <Menu.Item to="/repair_orders/create" primaryText={translate('app.repair_order.menu.intake')} leftIcon={<AddIcCallIcon />} data-testid="menu-repair-intake" />}
      {canUseBoard && <Menu.Item to="/repair_orders/board" primaryText={translate('app.repair_order.menu.board')} leftIcon={<ViewKanbanIcon />} data-testid="menu-repair-board" />}
      <CallsMenuItem />
    </>
  );
};
