import SensorsIcon from '@mui/icons-material/Sensors';
import { DeviceCreate } from './DeviceCreate';
import { DeviceEdit } from './DeviceEdit';
import { DeviceList } from './DeviceList';

/** 告警映射: which category, place and customers a monitoring system's device stands for (designers keep it). */
export default {
  list: DeviceList,
  create: DeviceCreate,
  edit: DeviceEdit,
  icon: SensorsIcon,
  recordRepresentation: 'id',
};
