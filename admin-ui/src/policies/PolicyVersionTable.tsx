import { DataTable, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { ChangeList } from './ChangeList';
import { PolicyChips } from './PolicyChips';
import { ReasonText } from './ReasonText';
import type { PolicyVersion } from './types';

const VersionBody = bodyWithRowTestIds('policy-row');

/** Versions of one policy, newest first: who published what, when it applies, and why. */
export const PolicyVersionTable = () => (
  <DataTable<PolicyVersion> body={VersionBody} bulkActionButtons={false} rowClick="show">
    <DataTable.Col source="version" render={(record) => <VersionNumber version={record.version} />} />
    <DataTable.Col source="state" disableSort render={(record) => <PolicyChips version={record as PolicyVersion} />} />
    <DataTable.Col source="effectiveAt" field={DateTimeField} disableSort />
    <DataTable.Col source="createdBy" disableSort render={(record) => record.createdBy?.name ?? ''} />
    <DataTable.Col source="createdAt" field={DateTimeField} disableSort />
    <DataTable.Col source="reason" disableSort render={(record) => <ReasonText version={record as PolicyVersion} />} />
    <DataTable.Col source="changes" disableSort render={(record) => <ChangeList version={record as PolicyVersion} />} />
  </DataTable>
);

const VersionNumber = ({ version }: { version: number }) => {
  const translate = useTranslate();
  return <>{translate('app.policy.version', { version })}</>;
};
