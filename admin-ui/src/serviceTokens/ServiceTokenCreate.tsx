import { useState } from 'react';
import { Create, required, SimpleForm, TextInput, useRedirect } from 'react-admin';
import type { CreatedServiceToken } from '../types';
import { TokenOnceDialog } from './TokenOnceDialog';

/** Names a new token, then shows its secret once instead of going back to the list. */
export const ServiceTokenCreate = () => {
  const redirect = useRedirect();
  const [secret, setSecret] = useState<string>();
  return (
    <>
      <Create mutationOptions={{ onSuccess: (created: CreatedServiceToken) => setSecret(created.token) }}>
        <SimpleForm>
          <TextInput source="name" validate={required()} helperText="app.service_token.name_help" />
        </SimpleForm>
      </Create>
      {secret !== undefined && <TokenOnceDialog token={secret} onClose={() => redirect('list', 'service_tokens')} />}
    </>
  );
};
