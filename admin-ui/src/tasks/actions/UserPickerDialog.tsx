import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslate, type Identifier } from 'react-admin';
import { useApiErrorMessage } from '../../common/apiErrors';
import type { TaskCandidate, TaskCandidatePurpose } from '../../types';
import { fetchCandidates } from '../taskApi';

interface UserPickerDialogProps {
  /** The task whose candidates are offered (for many tasks: the first of them). */
  taskId: Identifier;
  purpose: TaskCandidatePurpose;
  title: string;
  help: string;
  confirmLabel: string;
  isPending: boolean;
  onCancel(): void;
  onConfirm(userId: number): void;
}

const SEARCH_DELAY_MS = 300;

/**
 * Chooses the person to assign or delegate to among those the API says may take the task,
 * searching them by name; each shows their roles and how much they hold now.
 */
export const UserPickerDialog = ({ taskId, purpose, title, help, confirmLabel, isPending, onCancel, onConfirm }: UserPickerDialogProps) => {
  const translate = useTranslate();
  const describeError = useApiErrorMessage();
  const titleId = useId();
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<TaskCandidate | null>(null);
  const [options, setOptions] = useState<TaskCandidate[]>([]);
  const [isSearching, setSearching] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    let current = true;
    setSearching(true);
    fetchCandidates(taskId, purpose, query)
      .then((people) => {
        if (!current) return;
        setOptions(people);
        setError(null);
      })
      .catch((failure: unknown) => current && setError(describeError(failure)))
      .finally(() => current && setSearching(false));
    return () => {
      current = false;
    };
  }, [taskId, purpose, query, describeError]);

  // Until the typed name has been searched, the previous answer would offer the wrong people.
  const searching = isSearching || search.trim() !== query;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) onConfirm(chosen.id);
  };

  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate(title)}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ marginBottom: 2 }}>{translate(help)}</DialogContentText>
          <Autocomplete
            options={searching ? [] : options}
            value={chosen}
            onChange={(_event, person) => setChosen(person)}
            inputValue={input}
            onInputChange={(_event, value, reason) => {
              setInput(value);
              // Choosing a person writes their name into the box: that is no new search.
              if (reason !== 'reset') setSearch(value);
            }}
            // The API searches; the list is already filtered.
            filterOptions={(people) => people}
            getOptionLabel={(person) => person.displayName}
            isOptionEqualToValue={(option, value) => option.id === value.id}
            renderOption={({ key, ...props }, person) => (
              <Box component="li" key={key} {...props} data-testid={`candidate-${person.id}`}>
                <CandidateLine person={person} />
              </Box>
            )}
            loading={searching}
            loadingText={translate('ra.page.loading')}
            noOptionsText={error ?? translate('app.user_picker.no_match')}
            openText={translate('ra.action.open')}
            closeText={translate('ra.action.close')}
            clearText={translate('ra.action.clear_input_value')}
            renderInput={({ inputProps, ...params }) => (
              <TextField
                {...params}
                autoFocus
                label={translate('app.user_picker.person')}
                helperText={error ?? translate('app.user_picker.search_help')}
                error={Boolean(error)}
                slotProps={{ htmlInput: { ...inputProps, 'data-testid': 'user-picker' } }}
              />
            )}
          />
          {chosen && (
            <Box sx={{ marginTop: 2 }} data-testid="user-picker-chosen">
              <CandidateLine person={chosen} />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || !chosen} data-testid="dialog-confirm">
            {translate(confirmLabel)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** "王芳  [审批人] [派单员]   在办 3 · 超期 1" */
const CandidateLine = ({ person }: { person: TaskCandidate }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', width: '100%' }}>
      <Typography variant="body2" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
        {person.displayName}
      </Typography>
      {person.roles.map((role) => (
        <Chip key={role} size="small" variant="outlined" label={translate(`app.roles.${role}`, { _: role })} />
      ))}
      <Typography variant="caption" sx={{ marginLeft: 'auto', whiteSpace: 'nowrap' }} color={person.overdueTasks > 0 ? 'error' : 'text.secondary'} data-testid="candidate-load">
        {translate('app.user_picker.load', { open: person.openTasks, overdue: person.overdueTasks })}
      </Typography>
    </Stack>
  );
};
