import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { CanAccess, Link, Show, TopToolbar, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { RelocationOrder } from '../../../domain/contracts/relocation';
import { AuditTimeline } from '../audit';
import { CaseLink } from '../common/CaseLink';
import { useFormatDateTime } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { useStepLabel } from '../common/steps';
import { CaseTimeline } from '../tasks/CaseTimeline';
import { CancelOrderButton } from './CancelOrderButton';
import { formatYuan } from './money';
import { useRelocationWords } from './words';

type Payment = NonNullable<RelocationOrder['payments']>[number];

/** The cancellation codes of the workflow and the API (a clerk's own reason shows as typed). */
const CANCEL_CODES = ['cancelled', 'reservation-expired', 'workflow-not-started'];

const Title = () => {
  const record = useRecordContext<RelocationOrder>();
  const translate = useTranslate();
  return <>{`${translate('app.relocation.show.order')} ${record?.orderNo ?? ''}`}</>;
};

const ShowActions = () => (
  <TopToolbar>
    <CancelOrderButton />
  </TopToolbar>
);

/** One relocation order: the line, the move, the appointment, real-name documents, fees and payments in yuan, the audit and its reasons, the case timeline. */
export const RelocationShow = () => (
  <Show title={<Title />} actions={<ShowActions />}>
    <RelocationPage />
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
                {translate(`resources.relocations.fields.${field}`)}
              </TableCell>
              <TableCell data-testid={`relocation-${field}`}>{value}</TableCell>
            </TableRow>
          ))}
      </TableBody>
    </Table>
  );
};

const RelocationPage = () => {
  const order = useRecordContext<RelocationOrder>();
  const translate = useTranslate();
  const words = useRelocationWords();
  const formatDateTime = useFormatDateTime();
  if (!order) return null;
  const show = (key: string, params?: Record<string, unknown>) => translate(`app.relocation.show.${key}`, params);
  const when = (value: string | null) => (value ? formatDateTime(value) : null);

  const newNumber =
    order.kind === 'same'
      ? show('number_same', { number: order.newNumber })
      : order.keepNumber
        ? show('number_kept', { number: order.newNumber })
        : order.state === 'open'
          ? show('number_reserved', { number: order.newNumber })
          : order.newNumber;
  const announcement = order.announcement ? (order.announcementEndsAt ? show('announcement_until', { time: formatDateTime(order.announcementEndsAt) }) : translate('app.relocation.yes')) : translate('app.relocation.no');
  const booking = order.booking
    ? show('booking', { date: order.booking.date, slot: words.slot(order.booking.slot), team: order.booking.teamName, seat: order.booking.seat })
    : `${order.appointmentDate} ${words.slot(order.appointmentSlot)} ${order.teamName}`;
  const document = order.realName ? show('document', { type: words.documentType(order.realName.document.type), number: order.realName.document.number }) : null;
  const agent = order.realName?.agent
    ? show('agent', { name: order.realName.agent.name, type: words.documentType(order.realName.agent.document.type), number: order.realName.agent.document.number })
    : (order.agentName ?? translate('app.relocation.none'));
  const guarantee = order.guarantorName ? show('guarantor', { name: order.guarantorName }) : order.depositFen > 0 ? show('deposit', { amount: formatYuan(order.depositFen) }) : show('local');
  const cancelReason = order.cancelReason && CANCEL_CODES.includes(order.cancelReason) ? words.word('cancel_code', order.cancelReason) : order.cancelReason;

  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      <Grid size={{ xs: 12, lg: 6 }}>
        <Section title="app.relocation.show.order">
          <Rows
            testId="relocation-order"
            rows={[
              ['orderNo', order.orderNo],
              ['state', words.word('state', order.state)],
              ['kind', words.word('kind', order.kind)],
              ['createdAt', when(order.createdAt)],
              ['acceptedByName', order.acceptedByName],
              ['caseId', order.caseId ? <CaseLink source="caseId" /> : null],
              ['installedAt', when(order.installedAt)],
              ['installedByName', order.installedByName],
              ['cancelledAt', when(order.cancelledAt)],
              ['cancelReason', cancelReason],
            ]}
          />
          <OpenTaskLink />
        </Section>
        <Section title="app.relocation.show.line">
          <Rows
            rows={[
              ['serviceNo', order.serviceNo],
              ['customerName', `${order.customerName} (${order.customerNo})`],
              ['lineType', words.word('line_type', order.lineType)],
              ['accountRelation', order.accountRelation],
              ['pricingPlan', words.plan(order.pricingPlan)],
            ]}
          />
        </Section>
        <Section title="app.relocation.show.move">
          <Rows
            rows={[
              ['fromExchangeName', order.fromExchangeName],
              ['toExchangeName', order.exchangeByHand ? `${order.toExchangeName} (${show('exchange_by_hand')})` : order.toExchangeName],
              ['newAddress', order.newAddress],
              ['oldNumber', order.oldNumber],
              ['newNumber', newNumber],
              ['announcement', announcement],
            ]}
          />
        </Section>
        <Section title="app.relocation.show.appointment">
          <Rows
            rows={[
              ['booking', booking],
              ['contactName', order.contactName],
              ['contactPhone', order.contactPhone],
            ]}
          />
        </Section>
        <Section title="app.relocation.show.real_name">
          <Rows
            rows={[
              ['holder', words.word('holder', order.holder)],
              ['document', document],
              ['agent', agent],
            ]}
          />
        </Section>
        <Section title="app.relocation.show.guarantee">
          <Rows rows={[['guarantee', guarantee]]} />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        <Section title="app.relocation.show.fees">
          <FeeTable order={order} />
          <Rows
            rows={[
              ['feeComputedFen', formatYuan(order.feeComputedFen)],
              ['feeTotalFen', formatYuan(order.feeTotalFen)],
              ['feeOverride', order.feeOverrideReason ? show('override', { name: order.feeOverrideByName ?? '', reason: order.feeOverrideReason }) : null],
              ['depositFen', order.depositFen > 0 ? formatYuan(order.depositFen) : null],
              ['invoiceNo', order.invoiceNo],
              ['paidAt', when(order.paidAt)],
            ]}
          />
        </Section>
        <Section title="app.relocation.show.payments">
          <PaymentTable payments={order.payments ?? []} />
        </Section>
        <Section title="app.relocation.show.audit">
          <AuditRows order={order} />
        </Section>
        {order.caseId && (
          <Section title="app.relocation.show.timeline">
            {/* Auditors read the chain itself, as on the case page. */}
            <CanAccess resource="audit" action="search" accessDenied={<CaseTimeline caseId={order.caseId} />}>
              <AuditTimeline kind="case" subjectKey={String(order.caseId)} showHeading={false} />
            </CanAccess>
          </Section>
        )}
      </Grid>
    </Grid>
  );
};

/** The fees itemised, in yuan. */
const FeeTable = ({ order }: { order: RelocationOrder }) => {
  const translate = useTranslate();
  const lines = order.feeLines ?? [];
  return (
    <Table size="small" sx={{ marginBottom: 1 }} data-testid="relocation-fee-lines">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.relocations.fields.code')}</TableCell>
          <TableCell align="right">{translate('resources.relocations.fields.amountFen')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {lines.map((line) => (
          <TableRow key={line.code}>
            <TableCell>{translate(`app.relocation.fee.${line.code}`)}</TableCell>
            <TableCell align="right">{formatYuan(line.amountFen)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell sx={{ fontWeight: 'bold' }}>{translate('app.relocation.intake.fee_total')}</TableCell>
          <TableCell align="right" sx={{ fontWeight: 'bold' }} data-testid="relocation-fee-total">
            {formatYuan(order.feeTotalFen)}
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
};

/** Payments, deposits and refunds, in yuan, the cashier by name. */
const PaymentTable = ({ payments }: { payments: Payment[] }) => {
  const translate = useTranslate();
  const words = useRelocationWords();
  const formatDateTime = useFormatDateTime();
  if (payments.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="relocation-no-payments">
        {translate('app.relocation.show.no_payments')}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="relocation-payments">
      <TableHead>
        <TableRow>
          {['kindOfPayment', 'amountFen', 'invoiceNo', 'cashierName', 'recordedAt'].map((field) => (
            <TableCell key={field} align={field === 'amountFen' ? 'right' : undefined}>
              {translate(`resources.relocations.fields.${field}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {payments.map((payment) => (
          <TableRow key={payment.id}>
            <TableCell>{words.word('payment_kind', payment.kind)}</TableCell>
            <TableCell align="right">{formatYuan(payment.amountFen)}</TableCell>
            <TableCell>{payment.invoiceNo ?? ''}</TableCell>
            <TableCell>{payment.cashierName ?? ''}</TableCell>
            <TableCell>{formatDateTime(payment.recordedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The audit decision and why (the rules that fired, or the random draw), in words. */
const AuditRows = ({ order }: { order: RelocationOrder }) => {
  const translate = useTranslate();
  const words = useRelocationWords();
  const show = (key: string, params?: Record<string, unknown>) => translate(`app.relocation.show.${key}`, params);
  const decision = order.auditRequired === null ? show('audit_pending') : order.auditRequired ? show('audit_required') : show('audit_not_required');
  const reasons = (order.auditReasons ?? []).map((reason) => words.word('audit_reason', reason)).join(translate('app.relocation.list_separator'));
  const draw = order.auditDraw === null || order.auditDraw === undefined ? null : show('audit_draw', { draw: order.auditDraw.toFixed(4) });
  return (
    <Rows
      testId="relocation-audit"
      rows={[
        ['auditRequired', decision],
        ['auditReasons', [reasons, draw].filter(Boolean).join(translate('app.relocation.list_separator'))],
        ['auditedByName', order.auditedByName],
        ['loopCount', String(order.loopCount)],
      ]}
    />
  );
};

/** The open task of the order's current step, named by its step: the place to complete it. */
const OpenTaskLink = () => {
  const order = useRecordContext<RelocationOrder>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const stepLabel = useStepLabel();
  if (!order) return null;
  if (!order.openTaskId || !order.openTaskStep) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ marginTop: 1 }}>
        {translate('app.relocation.show.no_open_task')}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" sx={{ marginTop: 1 }}>
      <Link to={createPath({ resource: 'tasks', id: order.openTaskId, type: 'show' })} data-testid="relocation-open-task">
        {translate('app.relocation.show.open_task', { step: stepLabel(order.openTaskStep) })}
      </Link>
    </Typography>
  );
};
