import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useTranslate } from 'react-admin';
import { useApiErrorMessage } from '../../common/apiErrors';
import { refusalAsError } from '../taskApi';
import { useTaskTexts } from '../taskTexts';
import type { BulkOutcome } from './useBulkTasks';

/** Each selected task with what happened to it: done, or why it was refused, in the reader's language. */
export const BulkResultDialog = ({ outcome, onClose }: { outcome: BulkOutcome; onClose(): void }) => {
  const translate = useTranslate();
  const describe = useApiErrorMessage();
  const texts = useTaskTexts();
  const titleId = useId();
  const done = outcome.results.filter((item) => item.ok).length;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId} data-testid="bulk-result">
      <DialogTitle id={titleId}>{translate(`app.task.bulk.title_${outcome.action}`)}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom data-testid="bulk-summary">
          {translate('app.task.bulk.summary', { done, refused: outcome.results.length - done })}
        </Typography>
        <List dense>
          {outcome.results.map((item) => {
            const task = outcome.tasks[item.taskId];
            return (
              <ListItem key={item.taskId} data-testid={`bulk-result-${item.taskId}`} data-ok={String(item.ok)}>
                <ListItemIcon sx={{ minWidth: 36 }}>{item.ok ? <CheckCircleIcon color="success" /> : <ErrorIcon color="error" />}</ListItemIcon>
                <ListItemText
                  primary={task ? `${texts.title(task)}${task.customerName ? ` · ${task.customerName}` : ''}` : translate('app.task.bulk.task_number', { id: item.taskId })}
                  secondary={item.ok ? translate('app.task.bulk.ok') : describe(refusalAsError(item))}
                  slotProps={{ secondary: { color: item.ok ? 'success.main' : 'error', 'data-testid': 'bulk-result-text' } as object }}
                />
              </ListItem>
            );
          })}
        </List>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} data-testid="bulk-result-close">
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
