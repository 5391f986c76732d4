import { DataTable, List } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import type { ServiceToken } from '../types';
import { RevokeButton } from './RevokeButton';

const ServiceTokenBody = bodyWithRowTestIds('service-token-row');

/** 服务令牌: what the bank, the counter and billing present to post payments. */
export const ServiceTokenList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
    <DataTable<ServiceToken> body={ServiceTokenBody} bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="name" disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
      <DataTable.Col source="revokedAt" field={DateTimeField} disableSort />
      <DataTable.Col label="app.service_token.revoke" disableSort>
        <RevokeButton />
      </DataTable.Col>
    </DataTable>
  </List>
);
