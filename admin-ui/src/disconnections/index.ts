import PowerOffIcon from '@mui/icons-material/PowerOff';
import { DisconnectionCreate } from './DisconnectionCreate';

/** Applications for disconnection; a case's progress shows on its case page (DisconnectionProgress). */
export default {
  create: DisconnectionCreate,
  icon: PowerOffIcon,
};
