import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useGetOne, useTranslate } from 'react-admin';
import type { PolicyVersion } from './types';

/** In force / pending, and which version a rollback published again. */
export const PolicyChips = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
      {version.inForce && <Chip size="small" color="success" label={translate('app.policy.in_force')} data-testid={`in-force-${version.id}`} />}
      {version.pending && <Chip size="small" color="warning" label={translate('app.policy.pending')} data-testid={`pending-${version.id}`} />}
      {version.rollbackOf !== null && <RollbackOfChip id={version.rollbackOf} />}
    </Stack>
  );
};

const RollbackOfChip = ({ id }: { id: number }) => {
  const translate = useTranslate();
  const { data } = useGetOne<PolicyVersion>('policies', { id });
  if (!data) return null;
  return <Chip size="small" variant="outlined" label={translate('app.policy.rollback_of', { version: data.version })} />;
};
