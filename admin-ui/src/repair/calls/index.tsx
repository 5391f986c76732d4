import PhoneCallbackIcon from '@mui/icons-material/PhoneCallback';
import { Menu, useCanAccess, useTranslate } from 'react-admin';
import { CallList } from './CallList';

export { OrderCalls } from './OrderCalls';

/** 预约呼叫: the queue of scheduled calls back on repair orders. */
export default {
  list: CallList,
  icon: PhoneCallbackIcon,
  recordRepresentation: 'orderNo',
};

/** The queue's menu entry, for those the permission table lets list it. */
export const CallsMenuItem = () => {
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'repair_calls', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to="/repair_calls" primaryText={translate('app.repair_order.calls.menu')} leftIcon={<PhoneCallbackIcon />} data-testid="menu-repair_calls" />;
};
