import { CheckboxGroupInput, SimpleForm, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import { CompleteToolbar } from './CompleteToolbar';
import type { StepFormProps } from './types';

const EMPTY = { removed: [] };

/** 停电复核: customers who paid since the application; ticked ones are removed (剔除), the rest proceed. */
export const ReCheckForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const payers = ((task.payload as { payers?: string[] } | null)?.payers ?? []).map((customerNo) => ({ id: customerNo, name: customerNo }));
  return (
    <SimpleForm record={EMPTY} onSubmit={(values: Record<string, unknown>) => onSubmit({ removed: (values.removed as string[] | undefined) ?? [] })} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <Typography variant="body2">{translate('app.forms.re_check.help', { count: payers.length })}</Typography>
      <CheckboxGroupInput source="removed" label="app.forms.re_check.removed" choices={payers} row={false} />
    </SimpleForm>
  );
};
