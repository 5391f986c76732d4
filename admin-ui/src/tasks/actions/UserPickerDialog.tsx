import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useCanAccess, useGetList, useTranslate, type Identifier } from 'react-admin';
import type { Role } from '../../../../domain/permissions';
import type { User } from '../../types';

interface UserPickerDialogProps {
  title: string;
  /** Only people with this role are offered (the API refuses to assign to a non-candidate). */
  role?: Role;
  help: string;
  confirmLabel: string;
  isPending: boolean;
  onCancel(): void;
  onConfirm(userId: Identifier): void;
}

const SEARCH_DELAY_MS = 300;

/**
 * Chooses the person to assign or delegate to, searching active users by name. Roles the
 * permission table does not let list users type the person's user number instead.
 */
export const UserPickerDialog = ({ title, role, help, confirmLabel, isPending, onCancel, onConfirm }: UserPickerDialogProps) => {
  const translate = useTranslate();
  const titleId = useId();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<User | null>(null);
  const [typedId, setTypedId] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const { canAccess: canListUsers } = useCanAccess({ resource: 'users', action: 'list' });
  const { data: users = [], isPending: isSearching, error } = useGetList<User>(
    'users',
    {
      filter: { active: true, ...(role ? { role } : {}), ...(query ? { q: query } : {}) },
      pagination: { page: 1, perPage: 20 },
      sort: { field: 'username', order: 'ASC' },
    },
    // A refusal does not change on retry.
    { enabled: canListUsers === true, retry: false },
  );
  const typeTheId = canListUsers === false || Boolean(error);

  const userId: Identifier | undefined = typeTheId ? (typedId.trim() ? Number(typedId) : undefined) : chosen?.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId !== undefined && !Number.isNaN(userId)) onConfirm(userId);
  };

  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate(title)}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ marginBottom: 2 }}>{translate(help)}</DialogContentText>
          {typeTheId ? (
            <TextField
              autoFocus
              fullWidth
              type="number"
              label={translate('app.user_picker.user_id')}
              helperText={translate('app.user_picker.cannot_list')}
              value={typedId}
              onChange={(event) => setTypedId(event.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'user-picker-id', min: 1 } }}
            />
          ) : (
            <Autocomplete
              options={users}
              value={chosen}
              onChange={(_event, user) => setChosen(user)}
              inputValue={search}
              onInputChange={(_event, value) => setSearch(value)}
              // The API searches; the list is already filtered.
              filterOptions={(options) => options}
              getOptionLabel={(user) => `${user.displayName} (${user.username})`}
              isOptionEqualToValue={(option, value) => option.id === value.id}
              loading={isSearching}
              loadingText={translate('ra.page.loading')}
              noOptionsText={translate('app.user_picker.no_match')}
              openText={translate('ra.action.open')}
              closeText={translate('ra.action.close')}
              clearText={translate('ra.action.clear_input_value')}
              renderInput={({ inputProps, ...params }) => (
                <TextField
                  {...params}
                  autoFocus
                  label={translate('app.user_picker.person')}
                  slotProps={{ htmlInput: { ...inputProps, 'data-testid': 'user-picker' } }}
                />
              )}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || userId === undefined} data-testid="dialog-confirm">
            {translate(confirmLabel)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
