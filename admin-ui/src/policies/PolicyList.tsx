import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import { List, SelectInput, TopToolbar, useCanAccess, useListContext, useTranslate, Link } from 'react-admin';
import { choicesOf } from '../common/choices';
import { PolicyVersionTable } from './PolicyVersionTable';
import { POLICY_KEYS } from './types';

const filters = [<SelectInput key="key" source="key" choices={choicesOf('app.policy_key', POLICY_KEYS)} alwaysOn />];

/** Versions of one policy at a time, newest first; publishing starts from the one shown. */
export const PolicyList = () => (
  <List filters={filters} filterDefaultValues={{ key: 'disconnection' }} sort={{ field: 'version', order: 'DESC' }} actions={<PolicyListActions />} exporter={false}>
    <PolicyVersionTable />
  </List>
);

const PolicyListActions = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { canAccess } = useCanAccess({ resource: 'policies', action: 'create' });
  const key = typeof filterValues.key === 'string' ? filterValues.key : 'disconnection';
  return (
    <TopToolbar>
      {canAccess && (
        <Button component={Link} to={`/policies/create?key=${encodeURIComponent(key)}`} startIcon={<AddIcon />} data-testid="publish-new-version">
          {translate('app.process.publish')}
        </Button>
      )}
    </TopToolbar>
  );
};
