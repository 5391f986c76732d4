import { useEffect, useState } from 'react';
import { maxLength, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import type { RepairCrew } from '../../../../domain/contracts/repair';
import { API_URL, httpClient } from '../../httpClient';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = {};

/** 派单: the dispatcher picks a crew member, seeing each one's open orders. */
export const DispatchForm = ({ onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const [crews, setCrews] = useState<RepairCrew[]>([]);
  useEffect(() => {
    void httpClient(`${API_URL}/repair_crews`).then(({ json }) => setCrews(json as RepairCrew[]));
  }, []);
  const choices = crews.map((crew) => ({ id: crew.id, name: `${crew.name}（${translate('app.forms.repair.open_orders', { count: crew.openOrders })}）` }));
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) => onSubmit({ crewUserId: Number(values.crewUserId), ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}) })}
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      <SelectInput source="crewUserId" label="app.forms.repair.crew" choices={choices} validate={required()} />
      <TextInput source="note" label="app.forms.repair.note" multiline fullWidth validate={maxLength(2000)} />
    </SimpleForm>
  );
};
