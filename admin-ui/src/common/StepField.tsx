import Typography from '@mui/material/Typography';
import { useFieldValue, type FieldProps } from 'react-admin';
import { useStepLabel } from './steps';

/** A task's or case's step, by its name in the user's language. */
export const StepField = ({ source }: FieldProps & { source: string }) => {
  const stepLabel = useStepLabel();
  const step = useFieldValue({ source });
  if (typeof step !== 'string' || step === '') return null;
  return (
    <Typography component="span" variant="body2">
      {stepLabel(step)}
    </Typography>
  );
};
