import { BooleanInput, Create, PasswordInput, regex, required, SimpleForm, TextInput } from 'react-admin';
import { LocaleInput, passwordRules, RolesInput } from './userInputs';

const NEW_USER = { active: true, locale: 'zh-CN', roles: [] };
// The API's rule for usernames (api/users/routes.ts), said before sending.
const usernameRule = regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'app.user.username_rule');

export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={NEW_USER}>
      <TextInput source="username" validate={[required(), usernameRule]} autoComplete="off" />
      <TextInput source="displayName" validate={required()} />
      <TextInput source="phone" />
      <RolesInput />
      <LocaleInput />
      <BooleanInput source="active" />
      <PasswordInput source="password" validate={[required(), passwordRules]} autoComplete="new-password" />
    </SimpleForm>
  </Create>
);
