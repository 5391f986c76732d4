import { ArrayInput, maxLength, minValue, NumberInput, required, SimpleForm, SimpleFormIterator, TextInput } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = { parts: [] };

interface Values {
  report?: string;
  mileageKm?: number | null;
  parts?: { oldSerial?: string; newSerial?: string }[];
  liableParty?: string;
  compensationFen?: number | null;
}

/** 现场维修: the crew's report, parts swapped with both serials, and a liable party if any. */
export const WorkForm = ({ onSubmit }: StepFormProps) => {
  const submit = (values: Values) =>
    onSubmit({
      report: String(values.report ?? '').trim(),
      parts: (values.parts ?? []).map((part) => ({ oldSerial: String(part.oldSerial ?? '').trim(), newSerial: String(part.newSerial ?? '').trim() })),
      ...(typeof values.mileageKm === 'number' ? { mileageKm: values.mileageKm } : {}),
      ...(values.liableParty?.trim() ? { liableParty: values.liableParty.trim(), compensationFen: values.compensationFen ?? 0 } : {}),
    });
  return (
    <SimpleForm record={EMPTY} onSubmit={submit} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <TextInput source="report" label="app.forms.repair.report" multiline minRows={2} fullWidth validate={[required(), maxLength(2000)]} />
      <NumberInput source="mileageKm" label="app.forms.repair.mileage_km" validate={minValue(0)} />
      <ArrayInput source="parts" label="app.forms.repair.parts">
        <SimpleFormIterator inline>
          <TextInput source="oldSerial" label="app.forms.repair.old_serial" validate={[required(), maxLength(64)]} />
          <TextInput source="newSerial" label="app.forms.repair.new_serial" validate={[required(), maxLength(64)]} />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="liableParty" label="app.forms.repair.liable_party" validate={maxLength(2000)} />
      <NumberInput source="compensationFen" label="app.forms.repair.compensation_fen" validate={minValue(1)} />
    </SimpleForm>
  );
};
