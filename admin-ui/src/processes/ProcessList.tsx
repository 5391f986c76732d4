import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import { Link, List, useCreatePath, useListContext, useTranslate } from 'react-admin';
import { PolicyInForce } from './PolicyInForce';
import { ProcessDiagram } from './ProcessDiagram';
import { StepTable } from './StepTable';
import type { Process } from './types';

/** The designers' catalogue: every registered process, its diagram and how its cases are doing. */
export const ProcessList = () => (
  <List pagination={false} exporter={false} actions={false}>
    <ProcessCards />
  </List>
);

const ProcessCards = () => {
  const { data } = useListContext<Process>();
  return (
    <Grid container spacing={2} sx={{ padding: 2 }}>
      {(data ?? []).map((process) => (
        <Grid key={process.id} size={{ xs: 12, xl: 6 }}>
          <ProcessCard process={process} />
        </Grid>
      ))}
    </Grid>
  );
};

export const ProcessCard = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card variant="outlined" data-testid={`process-card-${process.id}`}>
      <CardHeader
        title={
          <Link to={createPath({ resource: 'processes', id: process.id, type: 'show' })} data-testid={`process-link-${process.id}`}>
            {translate(`app.processes.${process.id}.name`)}
          </Link>
        }
        subheader={translate(`app.processes.${process.id}.description`)}
        action={<Chip color={process.openCases > 0 ? 'primary' : 'default'} label={translate('app.process.open_cases', { smart_count: process.openCases })} data-testid={`open-cases-${process.id}`} />}
      />
      <CardContent>
        <Stack spacing={2}>
          <PolicyInForce process={process} />
          <ProcessDiagram process={process} />
          <StepTable process={process} />
        </Stack>
      </CardContent>
    </Card>
  );
};
