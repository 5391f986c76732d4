import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Task } from '../../types';

/** What a relocation task's payload holds (workflows/relocation/workflow.ts `payload`). */
export interface RelocationTaskPayload {
  orderNo?: string;
  appointmentDate?: string;
  appointmentSlot?: string;
  teamName?: string;
  amountDueFen?: number;
  feeLines?: Array<{ code: string; amountFen: number }>;
  feeTotalFen?: number;
  feeComputedFen?: number;
  depositFen?: number;
  auditReasons?: string[];
  auditDraw?: number;
  sampleShare?: number;
  acceptedById?: number;
  lastRejection?: string;
  rejection?: string;
  contactName?: string;
  contactPhone?: string;
  installFailure?: string;
  slots?: Array<{ code: string; capacity: number }>;
  fullSlots?: Array<{ date: string; slot: string }>;
  refusal?: { code: string; params: { date: string; slot: string } };
}

export const payloadOf = (task: Task) => (task.payload ?? {}) as RelocationTaskPayload;

/** Money travels in fen (1/100 yuan); shown in yuan with two decimals. */
export function useYuan(): (fen: number | undefined) => string {
  const [locale] = useLocaleState();
  return (fen) => ((fen ?? 0) / 100).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A slot's name: the known codes worded, a designer's own code as it is. */
export function useSlotName(): (code: string | undefined) => string {
  const translate = useTranslate();
  return (code) => (code ? translate(`app.forms.relocation.slot_name.${code}`, { _: code }) : '—');
}

/** The fee lines (itemised, then the total after any override) and the deposit. */
export const FeeLines = ({ payload }: { payload: RelocationTaskPayload }) => {
  const translate = useTranslate();
  const yuan = useYuan();
  return (
    <div data-testid="relocation-fees">
      <Typography variant="subtitle2">{translate('app.forms.relocation.fee_lines')}</Typography>
      {(payload.feeLines ?? []).map((line) => (
        <Typography key={line.code} variant="body2">
          {translate('app.forms.relocation.fee_line', { name: translate(`app.forms.relocation.fee.${line.code}`, { _: line.code }), amount: yuan(line.amountFen) })}
        </Typography>
      ))}
      {payload.feeTotalFen !== undefined && (
        <Typography variant="body2">{translate('app.forms.relocation.fee_total', { amount: yuan(payload.feeTotalFen), computed: yuan(payload.feeComputedFen ?? payload.feeTotalFen) })}</Typography>
      )}
      {(payload.depositFen ?? 0) > 0 && <Typography variant="body2">{translate('app.forms.relocation.deposit', { amount: yuan(payload.depositFen) })}</Typography>}
    </div>
  );
};

/** Why the order is audited: the rules that fired, or the random draw. */
export const AuditReasons = ({ payload }: { payload: RelocationTaskPayload }) => {
  const translate = useTranslate();
  const reasons = payload.auditReasons ?? [];
  return (
    <Alert severity="info" sx={{ marginBottom: 1 }} data-testid="relocation-audit-reasons">
      {translate('app.forms.relocation.audit_reasons', {
        reasons: reasons.map((reason) => translate(`app.forms.relocation.reason.${reason}`, { _: reason })).join(translate('app.forms.relocation.list_separator')),
      })}
      {payload.auditDraw !== undefined && payload.sampleShare !== undefined && (
        <div>{translate('app.forms.relocation.audit_draw', { draw: payload.auditDraw.toFixed(4), share: String(payload.sampleShare) })}</div>
      )}
    </Alert>
  );
};
