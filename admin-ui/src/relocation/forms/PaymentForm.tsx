import Typography from '@mui/material/Typography';
import { maxLength, regex, required, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { FeeLines, payloadOf, useYuan } from './payload';

const EMPTY = {};

/** 移机收费: the cashier takes the fee and any deposit, shown in yuan, and enters the invoice number. */
export const PaymentForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const yuan = useYuan();
  const payload = payloadOf(task);
  return (
    <SimpleForm record={EMPTY} onSubmit={(values: Record<string, unknown>) => onSubmit({ invoiceNo: String(values.invoiceNo ?? '').trim() })} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <Typography variant="h6" data-testid="relocation-amount-due">
        {translate('app.forms.relocation.amount_due', { amount: yuan(payload.amountDueFen) })}
      </Typography>
      <FeeLines payload={payload} />
      <TextInput source="invoiceNo" label="app.forms.relocation.invoice_no" validate={[required(), maxLength(32), regex(/^\s*[A-Za-z0-9-]+\s*$/, 'app.errors.reasons.INVOICE_NO_INVALID')]} />
    </SimpleForm>
  );
};
