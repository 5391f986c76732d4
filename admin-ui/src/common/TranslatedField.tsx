import Typography from '@mui/material/Typography';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

interface TranslatedFieldProps extends FieldProps {
  source: string;
  /** Catalog prefix: the value "open" with prefix "app.task_state" reads "app.task_state.open". */
  prefix: string;
}

/** A code (state, kind, channel...) in the user's language; a code we do not know shows as sent. */
export const TranslatedField = ({ source, prefix }: TranslatedFieldProps) => {
  const translate = useTranslate();
  const value = useFieldValue({ source });
  if (value === null || value === undefined || value === '') return null;
  return (
    <Typography component="span" variant="body2">
      {translate(`${prefix}.${value}`, { _: String(value) })}
    </Typography>
  );
};
