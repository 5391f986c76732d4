import { BooleanInput, Create, PasswordInput, required, SimpleForm, TextInput } from 'react-admin';
import { LocaleInput, passwordRules, RolesInput } from './userInputs';

const NEW_USER = { active: true, locale: 'zh-CN', roles: [] };

export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={NEW_USER}>
      <TextInput source="username" validate={required()} autoComplete="off" />
      <TextInput source="displayName" validate={required()} />
      <TextInput source="phone" />
      <RolesInput />
      <LocaleInput />
      <BooleanInput source="active" />
      <PasswordInput source="password" validate={[required(), passwordRules]} autoComplete="new-password" />
    </SimpleForm>
  </Create>
);
