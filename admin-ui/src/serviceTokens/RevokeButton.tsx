import BlockIcon from '@mui/icons-material/Block';
import { DeleteWithConfirmButton, useRecordContext } from 'react-admin';
import type { ServiceToken } from '../types';

/** Revoking is DELETE on the API; the token stays listed with its revocation time. */
export const RevokeButton = () => {
  const token = useRecordContext<ServiceToken>();
  if (!token || token.revokedAt) return null;
  return (
    <DeleteWithConfirmButton
      label="app.service_token.revoke"
      icon={<BlockIcon />}
      confirmTitle="app.service_token.revoke_title"
      confirmContent="app.service_token.revoke_content"
      successMessage="app.service_token.revoked"
      redirect={false}
      data-testid={`action-revoke-${token.id}`}
    />
  );
};
