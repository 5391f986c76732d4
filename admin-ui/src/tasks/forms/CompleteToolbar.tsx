import DoneIcon from '@mui/icons-material/Done';
import { SaveButton, Toolbar } from 'react-admin';

/**
 * Every step form ends with the same button, so tests and people find it in one place. It is
 * enabled before anything is typed: a step whose fields are all optional (closing a repair)
 * or chosen (a crew member, a radio decision) is complete as it stands, and the form's
 * validators still refuse what is missing.
 */
export const CompleteToolbar = () => (
  <Toolbar sx={{ paddingLeft: 0 }}>
    <SaveButton label="app.task.action.complete" icon={<DoneIcon />} data-testid="action-complete" alwaysEnable />
  </Toolbar>
);
