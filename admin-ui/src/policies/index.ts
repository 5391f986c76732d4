import TuneIcon from '@mui/icons-material/Tune';
import { PolicyCreate } from './PolicyCreate';
import { PolicyList } from './PolicyList';
import { PolicyShow } from './PolicyShow';

export default {
  list: PolicyList,
  show: PolicyShow,
  create: PolicyCreate,
  icon: TuneIcon,
};
