import Stack from '@mui/material/Stack';
import { ReasonText } from './ReasonText';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { RecordField, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { ChangeList } from './ChangeList';
import { PolicyChips } from './PolicyChips';
import { RollbackButton } from './RollbackButton';
import type { PolicyVersion } from './types';
import { usePolicyText } from './usePolicyText';

/** One version: who published it, when it applies, why, what it changed and all its values. */
export const PolicyShow = () => (
  <Show title={<PolicyTitle />} actions={<TopToolbar><RollbackButton /></TopToolbar>}>
    <PolicyPage />
  </Show>
);

const PolicyTitle = () => {
  const translate = useTranslate();
  const record = useRecordContext<PolicyVersion>();
  if (!record) return null;
  return <>{`${translate(`app.policy_key.${record.key}`, { _: record.key })} · ${translate('app.policy.version', { version: record.version })}`}</>;
};

const PolicyPage = () => {
  const translate = useTranslate();
  const record = useRecordContext<PolicyVersion>();
  if (!record) return null;
  return (
    <Stack spacing={2} sx={{ padding: 2 }} data-testid={`policy-${record.key}-${record.version}`}>
      <PolicyChips version={record} />
      <Stack spacing={1}>
        <RecordField source="key" variant="inline" render={(r) => translate(`app.policy_key.${r.key}`, { _: r.key })} />
        <RecordField source="version" variant="inline" />
        <RecordField source="effectiveAt" variant="inline" field={DateTimeField} />
        <RecordField source="createdBy" variant="inline" render={(r) => r.createdBy?.name ?? ''} />
        <RecordField source="createdAt" variant="inline" field={DateTimeField} />
        <RecordField source="reason" variant="inline" render={(r) => <ReasonText version={r as PolicyVersion} />} />
      </Stack>
      <Section title="resources.policies.fields.changes">
        <ChangeList version={record} />
      </Section>
      <Section title="resources.policies.fields.value">
        <PolicyValues version={record} />
      </Section>
      <Typography variant="body2" color="text.secondary">
        {translate('app.policy.new_case_note')}
      </Typography>
    </Stack>
  );
};

/** Every top-level field of the version with its value, spelt out. */
const PolicyValues = ({ version }: { version: PolicyVersion }) => {
  const { fieldOf, valueOf } = usePolicyText(version.key);
  return (
    <Table size="small">
      <TableBody>
        {Object.entries(version.value).map(([name, value]) => (
          <TableRow key={name}>
            <TableCell component="th" sx={{ width: '30%' }}>
              {fieldOf([name])}
            </TableCell>
            <TableCell>{valueOf(value, [name])}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
