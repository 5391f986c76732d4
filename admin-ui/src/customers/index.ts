import PeopleIcon from '@mui/icons-material/People';
import { CustomerEdit } from './CustomerEdit';
import { CustomerList } from './CustomerList';
import { CustomerShow } from './CustomerShow';

export default {
  list: CustomerList,
  show: CustomerShow,
  edit: CustomerEdit,
  icon: PeopleIcon,
  recordRepresentation: (customer: { customerNo: string; name: string }) => `${customer.customerNo} ${customer.name}`,
};
