import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, ListBase, Show, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { Section } from '../common/Section';
import { PolicyVersionTable } from '../policies/PolicyVersionTable';
import { PolicyInForce } from './PolicyInForce';
import { ProcessDiagram } from './ProcessDiagram';
import { StepTable } from './StepTable';
import type { Process } from './types';

/** One process: its diagram, its cases at each step, and every version of its policy. */
export const ProcessShow = () => (
  <Show title={<ProcessTitle />} actions={false}>
    <ProcessPage />
  </Show>
);

const ProcessTitle = () => {
  const translate = useTranslate();
  const record = useRecordContext<Process>();
  return <>{record ? translate(`app.processes.${record.id}.name`) : ''}</>;
};

const ProcessPage = () => {
  const translate = useTranslate();
  const process = useRecordContext<Process>();
  const { canAccess: canPublish } = useCanAccess({ resource: 'policies', action: 'create' });
  const { canAccess: canListPolicies } = useCanAccess({ resource: 'policies', action: 'list' });
  if (!process) return null;
  return (
    <Stack spacing={2} sx={{ padding: 2 }} data-testid={`process-${process.id}`}>
      <Typography variant="body1">{translate(`app.processes.${process.id}.description`)}</Typography>
      <Typography variant="body2" data-testid={`open-cases-${process.id}`}>
        {translate('app.process.open_cases', { smart_count: process.openCases })}
      </Typography>
      <PolicyInForce process={process} />
      <Section title="app.process.diagram">
        <ProcessDiagram process={process} />
      </Section>
      <Section title="app.process.steps_title">
        <StepTable process={process} />
      </Section>
      {canListPolicies && (
        <Section title="app.process.versions">
          {canPublish && (
            <Button component={Link} to={`/policies/create?key=${encodeURIComponent(process.policyKey)}`} variant="contained" sx={{ marginBottom: 1 }} data-testid="publish-new-version">
              {translate('app.process.publish')}
            </Button>
          )}
          <ListBase resource="policies" filter={{ key: process.policyKey }} sort={{ field: 'version', order: 'DESC' }} perPage={100} disableSyncWithLocation>
            <PolicyVersionTable />
          </ListBase>
        </Section>
      )}
    </Stack>
  );
};
