import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { RepairOrder } from '../../../domain/contracts/repair';
import { useFormatDateTime } from '../common/DateTimeField';

const PRIORITY_COLOUR = { urgent: 'error', high: 'warning', normal: 'info', low: 'default' } as const;

/** A category code in the user's language: the catalog's label, else the name the policy's tree gives it. */
export function useCategoryLabel(): (code: string, name?: string | null) => string {
  const translate = useTranslate();
  return (code, name) => translate(`app.repair_order.category.${code}`, { _: name ?? code });
}

/** "Metering equipment / Meter box fault": the order's category with its parent. */
export const CategoryField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  const label = useCategoryLabel();
  if (!record) return null;
  const leaf = label(record.category, record.categoryName);
  return (
    <Typography component="span" variant="body2">
      {record.categoryParent ? `${label(record.categoryParent, record.categoryParentName)} / ${leaf}` : leaf}
    </Typography>
  );
};

/** The priority as a word on its colour: urgent red, high amber. */
export const RepairPriorityField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  if (!record) return null;
  return <Chip size="small" color={PRIORITY_COLOUR[record.priority]} label={translate(`app.repair_order.priority.${record.priority}`)} data-testid="repair-priority" />;
};

/** The SLA stage and when it is due; an overdue order is red. */
export const SlaField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" color={record.overdue ? 'error' : undefined} sx={{ fontWeight: record.overdue ? 'bold' : undefined }} data-testid={record.overdue ? 'repair-overdue' : 'repair-sla'}>
      {translate(`app.repair_order.sla_stage.${record.slaStage}`)}
      {record.slaDueAt && ` · ${translate('app.repair_order.sla_due', { time: formatDateTime(record.slaDueAt) })}`}
      {record.overdue && ` · ${translate('app.repair_order.overdue')}`}
    </Typography>
  );
};

/** The crew member, else whoever holds the order now, else the crew (班组) it waits at; people by name. */
export const CrewField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2">
      {record.crewName ?? record.handlerName ?? record.crewTeamName ?? ''}
    </Typography>
  );
};

export const RatingField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2">
      {record.rating === null ? translate('app.repair_order.not_rated') : translate('app.repair_order.rating', { rating: record.rating })}
    </Typography>
  );
};

/** The customer by name with their number. */
export const RepairCustomerField = (_props: Partial<FieldProps>) => {
  const record = useRecordContext<RepairOrder>();
  if (!record?.customerName) return null;
  return (
    <Typography component="span" variant="body2">
      {record.customerName}
      {record.customerNo && ` (${record.customerNo})`}
    </Typography>
  );
};
