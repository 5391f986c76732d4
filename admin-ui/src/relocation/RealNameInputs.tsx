import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { BooleanInput, DateInput, maxLength, RadioButtonGroupInput, required, SelectInput, TextInput, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { DOCUMENT_NUMBER_MAX, HOLDERS, PERSONAL_DOCUMENT_TYPES, type DocumentType, type Holder } from '../../../domain/relocation/identity';
import { NAME_MAX } from '../../../domain/contracts/relocation';
import { choicesOf } from '../common/choices';
import { documentTypesFor, needsBirthDate } from './intake';

/** One document: its type (the manual's list, in words), number, and the birth date a household register needs. */
const DocumentInputs = ({ prefix, types }: { prefix: '' | 'agent'; types: readonly DocumentType[] }) => {
  const name = (field: string) => (prefix ? `${prefix}${field[0]!.toUpperCase()}${field.slice(1)}` : field);
  const label = (key: string) => `app.relocation.intake.${prefix ? 'agent_' : ''}${key}`;
  const type = useWatch({ name: name('documentType') }) as DocumentType | undefined;
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
      <SelectInput source={name('documentType')} label={label('document_type')} choices={choicesOf('app.relocation.document_type', types)} validate={required()} sx={{ minWidth: 260 }} />
      <TextInput source={name('documentNumber')} label={label('document_number')} validate={[required(), maxLength(DOCUMENT_NUMBER_MAX)]} sx={{ minWidth: 260 }} />
      {needsBirthDate(type) && <DateInput source={name('birthDate')} label={label('birth_date')} validate={required()} />}
    </Stack>
  );
};

/**
 * Real-name registration (实名登记) on every order: the holder (a person or an organisation),
 * their document, and the agent (代办人) with theirs when someone acts for them (always for an
 * organisation). The API checks a resident ID's date and check digit.
 */
export const RealNameInputs = () => {
  const translate = useTranslate();
  const { setValue, getValues } = useFormContext();
  const holder = useWatch({ name: 'holder' }) as Holder | undefined;
  const hasAgent = useWatch({ name: 'hasAgent' }) === true;
  const types = documentTypesFor(holder);

  // A type the holder cannot show is no choice: the first of theirs instead.
  useEffect(() => {
    if (!types.includes(getValues('documentType'))) setValue('documentType', types[0]);
  }, [types, getValues, setValue]);

  const organisation = holder === 'organisation';
  return (
    <Stack spacing={1} sx={{ width: '100%' }} data-testid="relocation-real-name">
      <RadioButtonGroupInput source="holder" label="app.relocation.intake.holder" choices={choicesOf('app.relocation.holder', HOLDERS)} row validate={required()} />
      <DocumentInputs prefix="" types={types} />
      {organisation ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.relocation.intake.organisation_agent')}
        </Typography>
      ) : (
        <BooleanInput source="hasAgent" label="app.relocation.intake.has_agent" helperText={false} />
      )}
      {(organisation || hasAgent) && (
        <>
          <TextInput source="agentName" label="app.relocation.intake.agent_name" validate={[required(), maxLength(NAME_MAX)]} sx={{ maxWidth: 320 }} />
          <DocumentInputs prefix="agent" types={PERSONAL_DOCUMENT_TYPES} />
        </>
      )}
    </Stack>
  );
};
