import MoveUpIcon from '@mui/icons-material/MoveUp';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import { Menu, useCanAccess, useTranslate } from 'react-admin';
import { RelocationIntake } from './RelocationIntake';
import { RelocationList } from './RelocationList';
import { RelocationShow } from './RelocationShow';

/** 移机工单: list, show, and the clerk's intake as create (/relocations/create). */
export default {
  list: RelocationList,
  show: RelocationShow,
  create: RelocationIntake,
  icon: SwapHorizIcon,
  recordRepresentation: 'orderNo',
};

/** The relocation menu items, each shown by the permission table. */
export const RelocationMenuItems = () => {
  const translate = useTranslate();
  const { canAccess: canList } = useCanAccess({ resource: 'relocations', action: 'list' });
  const { canAccess: canCreate } = useCanAccess({ resource: 'relocations', action: 'create' });
  return (
    <>
      {canList && <Menu.Item to="/relocations" primaryText={translate('app.relocation.menu.orders')} leftIcon={<SwapHorizIcon />} data-testid="menu-relocations" />}
      {canCreate && <Menu.Item to="/relocations/create" primaryText={translate('app.relocation.menu.intake')} leftIcon={<MoveUpIcon />} data-testid="menu-relocation-intake" />}
    </>
  );
};
