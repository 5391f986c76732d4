import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import { ProcessList } from './ProcessList';
import { ProcessShow } from './ProcessShow';

export default {
  list: ProcessList,
  show: ProcessShow,
  icon: AccountTreeOutlinedIcon,
};
