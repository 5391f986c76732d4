import Typography from '@mui/material/Typography';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import { useFormatDateTime } from '../common/DateTimeField';
import type { Process } from './types';

/** Which version of the process's policy new cases start under, linking to it. */
export const PolicyInForce = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const formatDateTime = useFormatDateTime();
  const { policy } = process;
  if (!policy) return <Typography variant="body2">{translate('app.process.no_policy')}</Typography>;
  return (
    <Typography variant="body2" data-testid={`policy-in-force-${process.id}`}>
      <Link to={createPath({ resource: 'policies', id: policy.id, type: 'show' })}>
        {translate('app.process.policy_in_force', { version: policy.version, at: policy.effectiveAt ? formatDateTime(policy.effectiveAt) : '' })}
      </Link>
    </Typography>
  );
};
