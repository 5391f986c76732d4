import { BooleanField, DataTable, List, NullableBooleanInput, SearchInput, SelectInput } from 'react-admin';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { RoleChips } from '../common/RoleChips';
import type { User } from '../types';
import { roleChoices } from './userInputs';

const userFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="role" choices={roleChoices} alwaysOn />,
  <NullableBooleanInput source="active" />,
];

const UserBody = bodyWithRowTestIds('user-row');

/** 用户与角色: who may sign in, and with which roles of the permission table. */
export const UserList = () => (
  <List filters={userFilters} sort={{ field: 'username', order: 'ASC' }} exporter={false}>
    <DataTable<User> body={UserBody} bulkActionButtons={false}>
      <DataTable.Col source="username" />
      <DataTable.Col source="displayName" disableSort />
      <DataTable.Col source="phone" disableSort />
      <DataTable.Col source="roles" field={RoleChips} disableSort />
      <DataTable.Col source="active" field={BooleanField} disableSort />
    </DataTable>
  </List>
);
