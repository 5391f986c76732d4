import { ArrayInput, maxLength, minValue, NumberInput, required, SimpleForm, SimpleFormIterator, TextInput } from 'react-admin';
import { parseYuanToFen } from '../../../../domain/billing/money';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = { parts: [] };

interface Values {
  report?: string;
  mileageKm?: number | null;
  parts?: { oldSerial?: string; newSerial?: string }[];
  liableParty?: string;
  /** Yuan as typed ("128.50"); sent as fen. */
  compensationYuan?: string | null;
}

/** A liable party needs an amount in yuan, at most two decimals; without one, no amount. */
function validCompensation(value: unknown, values: Values): string | undefined {
  if (!values.liableParty?.trim()) return undefined;
  try {
    parseYuanToFen(value ?? '');
    return undefined;
  } catch {
    return 'app.forms.repair.compensation_invalid';
  }
}

/** 现场维修: the crew's report, parts swapped with both serials, and a liable party if any (with the compensation in yuan). */
export const WorkForm = ({ onSubmit }: StepFormProps) => {
  const submit = (values: Values) =>
    onSubmit({
      report: String(values.report ?? '').trim(),
      parts: (values.parts ?? []).map((part) => ({ oldSerial: String(part.oldSerial ?? '').trim(), newSerial: String(part.newSerial ?? '').trim() })),
      ...(typeof values.mileageKm === 'number' ? { mileageKm: values.mileageKm } : {}),
      ...(values.liableParty?.trim() ? { liableParty: values.liableParty.trim(), compensationFen: parseYuanToFen(values.compensationYuan ?? '') } : {}),
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
      <TextInput source="compensationYuan" label="app.forms.repair.compensation_yuan" validate={validCompensation} inputProps={{ inputMode: 'decimal' }} />
    </SimpleForm>
  );
};
