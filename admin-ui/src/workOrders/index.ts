import AssignmentIcon from '@mui/icons-material/Assignment';
import { WorkOrderList } from './WorkOrderList';

export default {
  list: WorkOrderList,
  icon: AssignmentIcon,
  recordRepresentation: 'orderNo',
};
