import InboxIcon from '@mui/icons-material/Inbox';
import { TaskList } from './TaskList';
import { TaskShow } from './TaskShow';

export default {
  list: TaskList,
  show: TaskShow,
  icon: InboxIcon,
  recordRepresentation: 'title',
};
