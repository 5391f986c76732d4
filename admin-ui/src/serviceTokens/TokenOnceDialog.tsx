import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useId } from 'react';
import { useNotify, useTranslate } from 'react-admin';

/** The API answers a new token's secret once; after this dialog nobody can read it again. */
export const TokenOnceDialog = ({ token, onClose }: { token: string; onClose(): void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const titleId = useId();
  const copy = async () => {
    await navigator.clipboard.writeText(token);
    notify('app.service_token.copied', { type: 'info' });
  };
  return (
    <Dialog open aria-labelledby={titleId} fullWidth maxWidth="sm">
      <DialogTitle id={titleId}>{translate('app.service_token.created_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText gutterBottom>{translate('app.service_token.created_help')}</DialogContentText>
        <Box
          component="code"
          data-testid="service-token-value"
          sx={{ display: 'block', fontFamily: 'monospace', padding: 1.5, backgroundColor: 'action.hover', overflowWrap: 'anywhere' }}
        >
          {token}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          {translate('app.service_token.copy')}
        </Button>
        <Button variant="contained" onClick={onClose} data-testid="service-token-done">
          {translate('app.service_token.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
