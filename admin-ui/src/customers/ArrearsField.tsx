import Typography from '@mui/material/Typography';
import { useFieldValue, useLocaleState, type FieldProps } from 'react-admin';

/** Arrears in yuan, in the user's number format; the API sends a decimal string ("128.50"). */
export const ArrearsField = ({ source = 'arrears' }: FieldProps) => {
  const [locale] = useLocaleState();
  const arrears = useFieldValue({ source });
  if (arrears === null || arrears === undefined || arrears === '') return null;
  const amount = Number(arrears);
  return (
    <Typography component="span" variant="body2" color={amount > 0 ? 'error' : undefined}>
      {Number.isNaN(amount) ? String(arrears) : amount.toLocaleString(locale, { style: 'currency', currency: 'CNY' })}
    </Typography>
  );
};
