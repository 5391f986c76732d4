import RateReviewOutlinedIcon from '@mui/icons-material/RateReviewOutlined';
import { RevisitList } from './RevisitList';
import { RevisitShow } from './RevisitShow';

/** 差评回访: the revisits bad reviews open, their list and page (worked as tasks, followed here). */
export default {
  list: RevisitList,
  show: RevisitShow,
  icon: RateReviewOutlinedIcon,
  recordRepresentation: 'revisitNo',
};
