import KeyIcon from '@mui/icons-material/Key';
import { ServiceTokenCreate } from './ServiceTokenCreate';
import { ServiceTokenList } from './ServiceTokenList';

export default {
  list: ServiceTokenList,
  create: ServiceTokenCreate,
  icon: KeyIcon,
  recordRepresentation: 'name',
};
