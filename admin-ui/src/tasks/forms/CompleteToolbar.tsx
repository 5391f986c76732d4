import DoneIcon from '@mui/icons-material/Done';
import { SaveButton, Toolbar } from 'react-admin';

/** Every step form ends with the same button, so tests and people find it in one place. */
export const CompleteToolbar = () => (
  <Toolbar sx={{ paddingLeft: 0 }}>
    <SaveButton label="app.task.action.complete" icon={<DoneIcon />} data-testid="action-complete" />
  </Toolbar>
);
