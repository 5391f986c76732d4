import { minLength, required, SelectArrayInput, SelectInput } from 'react-admin';
import { ROLES } from '../../../domain/permissions';
import { choicesOf } from '../common/choices';

export const roleChoices = choicesOf('app.roles', ROLES);

/** Languages by their own names, as in the language menu. */
const localeChoices = [
  { id: 'zh-CN', name: '简体中文' },
  { id: 'en', name: 'English' },
];

/** The API refuses shorter passwords (api/auth/password.ts). */
export const PASSWORD_MIN_LENGTH = 10;
export const passwordRules = minLength(PASSWORD_MIN_LENGTH);

export const RolesInput = () => <SelectArrayInput source="roles" choices={roleChoices} validate={required()} />;

export const LocaleInput = () => <SelectInput source="locale" choices={localeChoices} translateChoice={false} />;
