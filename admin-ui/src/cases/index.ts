import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { CaseList } from './CaseList';
import { CaseShow } from './CaseShow';

export default {
  list: CaseList,
  show: CaseShow,
  icon: AccountTreeIcon,
  recordRepresentation: 'title',
};
