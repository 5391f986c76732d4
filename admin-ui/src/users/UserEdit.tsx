import { BooleanInput, Edit, PasswordInput, required, SimpleForm, TextInput } from 'react-admin';
import type { User } from '../types';
import { LocaleInput, passwordRules, RolesInput } from './userInputs';

type UserForm = User & { password?: string };

/** Sends what an admin may change; an empty password field keeps the current password. */
const changes = ({ displayName, phone, roles, active, locale, password }: UserForm) => ({
  displayName,
  phone: phone || null,
  roles,
  active,
  locale,
  ...(password ? { password } : {}),
});

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" transform={changes} redirect="list">
    <SimpleForm>
      <TextInput source="username" readOnly />
      <TextInput source="displayName" validate={required()} />
      <TextInput source="phone" />
      <RolesInput />
      <LocaleInput />
      <BooleanInput source="active" />
      <PasswordInput source="password" label="app.user.new_password" helperText="app.user.new_password_help" validate={passwordRules} autoComplete="new-password" />
    </SimpleForm>
  </Edit>
);
