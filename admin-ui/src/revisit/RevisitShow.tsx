import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { CanAccess, Link, Show, useCanAccess, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { AuditTimeline } from '../audit';
import { CaseLink } from '../common/CaseLink';
import { useFormatDateTime } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { CaseTimeline } from '../tasks/CaseTimeline';
import type { RevisitRecord } from '../types';

type Rating = RevisitRecord['ratings'][number];

const Title = () => {
  const record = useRecordContext<RevisitRecord>();
  const translate = useTranslate();
  return <>{translate('app.revisit.show.revisit', { revisitNo: record?.revisitNo ?? '' })}</>;
};

/** One revisit: the rated order and the customer by name, the call and what it found, the recovery check, every rating of the order, the case timeline. */
export const RevisitShow = () => (
  <Show title={<Title />}>
    <RevisitPage />
  </Show>
);

/** Label and value rows; a row whose value is null is left out. */
const Rows = ({ rows, testId }: { rows: Array<[string, ReactNode]>; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid={testId}>
      <TableBody>
        {rows
          .filter(([, value]) => value !== null && value !== undefined && value !== '')
          .map(([field, value]) => (
            <TableRow key={field}>
              <TableCell component="th" scope="row" sx={{ width: 180, color: 'text.secondary', verticalAlign: 'top' }}>
                {translate(`resources.revisits.fields.${field}`)}
              </TableCell>
              <TableCell data-testid={`revisit-${field}`}>{value}</TableCell>
            </TableRow>
          ))}
      </TableBody>
    </Table>
  );
};

/** The customer by name (and number), a link to their page for those who may open it. */
const CustomerName = ({ revisit }: { revisit: RevisitRecord }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'customers', action: 'show' });
  if (!revisit.customerName) return null;
  const text = revisit.customerNo ? translate('app.revisit.show.customer', { name: revisit.customerName, customerNo: revisit.customerNo }) : revisit.customerName;
  if (!canAccess || revisit.customerId === null) return <>{text}</>;
  return <Link to={createPath({ resource: 'customers', id: revisit.customerId, type: 'show' })}>{text}</Link>;
};

/** Each rated process's order page, where it has one. */
const ORDER_RESOURCE: Partial<Record<RevisitRecord['process'], string>> = { repair: 'repair_orders', relocation: 'relocations' };

/** The rated order's number, a link to its page when the reader may open it. */
const RatedOrder = ({ revisit }: { revisit: RevisitRecord }) => {
  const createPath = useCreatePath();
  const resource = ORDER_RESOURCE[revisit.process];
  const { canAccess } = useCanAccess({ resource: resource ?? 'repair_orders', action: 'show' });
  if (!resource || !revisit.orderId || !canAccess) return <>{revisit.orderNo}</>;
  return <Link to={createPath({ resource, id: revisit.orderId, type: 'show' })}>{revisit.orderNo}</Link>;
};

const RevisitPage = () => {
  const revisit = useRecordContext<RevisitRecord>();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (!revisit) return null;
  const word = (group: string, code: string) => translate(`app.revisit.${group}.${code}`, { _: code });
  const when = (value: string | null) => (value ? formatDateTime(value) : null);
  const separator = translate('app.revisit.list_separator');
  const recovered = revisit.recovered === null ? translate('app.revisit.not_yet') : translate(revisit.recovered ? 'app.revisit.yes' : 'app.revisit.no');

  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      <Grid size={{ xs: 12, lg: 6 }}>
        <Section title="app.revisit.show.section.revisit">
          <Rows
            testId="revisit-record"
            rows={[
              ['revisitNo', revisit.revisitNo],
              ['state', word('state', revisit.state)],
              ['outcome', revisit.outcome ? word('outcome', revisit.outcome) : null],
              ['process', word('process', revisit.process)],
              ['orderNo', <RatedOrder revisit={revisit} />],
              ['customerName', revisit.customerName ? <CustomerName revisit={revisit} /> : null],
              ['reasons', revisit.reasons.map((reason) => word('reason', reason)).join(separator)],
              ['supervisorName', revisit.supervisorName],
              ['caseId', revisit.caseId ? <CaseLink source="caseId" /> : null],
              ['createdAt', when(revisit.createdAt)],
              ['closedAt', when(revisit.closedAt)],
            ]}
          />
        </Section>
        <Section title="app.revisit.show.section.contact">
          <Rows
            testId="revisit-contact"
            rows={[
              ['attempts', String(revisit.attempts)],
              ['firstContactAt', when(revisit.firstContactAt)],
              ['causeCode', revisit.causeCode ? word('cause', revisit.causeCode) : null],
              ['customerSaid', revisit.customerSaid],
              ['correctiveAction', revisit.correctiveAction],
              ['responsible', revisit.responsible],
              ['reopenedAt', when(revisit.reopenedAt)],
              ['redoneAt', when(revisit.redoneAt)],
            ]}
          />
          {!revisit.firstContactAt && (
            <Typography variant="body2" color="text.secondary" sx={{ marginTop: 1 }}>
              {translate('app.revisit.show.not_contacted')}
            </Typography>
          )}
        </Section>
        <Section title="app.revisit.show.section.recovery">
          <Rows testId="revisit-recovery" rows={[['recovered', recovered]]} />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        <Section title="app.revisit.show.section.ratings">
          <RatingTable ratings={revisit.ratings} />
        </Section>
        {revisit.caseId && (
          <Section title="app.revisit.show.section.timeline">
            {/* Auditors read the chain itself, as on the case page. */}
            <CanAccess resource="audit" action="search" accessDenied={<CaseTimeline caseId={revisit.caseId} />}>
              <AuditTimeline kind="case" subjectKey={String(revisit.caseId)} showHeading={false} />
            </CanAccess>
          </Section>
        )}
      </Grid>
    </Grid>
  );
};

/** Every rating of the order by this customer, oldest first: the score, the comment, where it came from, whether it was bad. */
const RatingTable = ({ ratings }: { ratings: Rating[] }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (ratings.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="revisit-no-ratings">
        {translate('app.revisit.show.no_ratings')}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="revisit-ratings">
      <TableHead>
        <TableRow>
          {['receivedAt', 'rating', 'comment', 'source', 'bad'].map((field) => (
            <TableCell key={field}>{translate(`resources.revisits.fields.${field}`)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {ratings.map((rating) => (
          <TableRow key={rating.id} data-testid={`revisit-rating-${rating.id}`}>
            <TableCell>{formatDateTime(rating.receivedAt)}</TableCell>
            <TableCell>{rating.rating ?? '—'}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{rating.comment ?? ''}</TableCell>
            <TableCell>{translate(`app.revisit.source.${rating.source}`, { _: rating.source })}</TableCell>
            <TableCell>{translate(rating.bad ? 'app.revisit.yes' : 'app.revisit.no')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
