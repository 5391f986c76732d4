import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import { useTranslate } from 'react-admin';
import type { CauseCategory } from '../../../../domain/revisit/policy';
import type { Task } from '../../types';
import { causeLabel, causeTreeOf, type CausePath, type CauseWord } from '../causes';

/** What a revisit task's payload holds (workflows/revisit/workflow.ts `payload`, with each step's own fields). */
export interface RevisitTaskPayload {
  revisitNo?: string;
  process?: string;
  orderNo?: string;
  customerNo?: string | null;
  customerName?: string | null;
  contactPhone?: string | null;
  rating?: number | null;
  comment?: string | null;
  badReasons?: string[];
  /** The contact step: this attempt and how many the policy allows. */
  attempt?: number;
  attemptsAllowed?: number;
  /** The contact step: the rated order may be sent back to be redone (a done repair, its crew member active). */
  reopenable?: boolean;
  /** The policy's cause tree, read when the revisit started. */
  causes?: CauseCategory[];
  /** The recovery and escalation steps: what the first call found. */
  causeCode?: string;
  said?: string;
  action?: string;
  responsible?: string;
  /** The escalation step: the history. */
  attempts?: number;
  supervisorName?: string | null;
  recoveryNote?: string;
}

export const payloadOf = (task: Task) => (task.payload ?? {}) as RevisitTaskPayload;

/** A cause's word and a leaf under its parent, from the catalog (the designer's name when it has none). */
export function useCauseWords(): { word: CauseWord; path: CausePath } {
  const translate = useTranslate();
  const word = useCallback<CauseWord>((code, name) => translate(`app.revisit.cause.${code}`, { _: name }), [translate]);
  const path = useCallback<CausePath>((parent, child) => translate('app.forms.revisit.cause_path', { parent, child }), [translate]);
  return { word, path };
}

/** One labelled line: "评分：2 分（满分 5 分）". */
const Line = ({ label, value, testId }: { label: string; value: string; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" data-testid={testId}>
      {translate('app.forms.revisit.label_value', { label: translate(`app.forms.revisit.${label}`), value })}
    </Typography>
  );
};

/** The rated order, the customer by name, the phone to call, the rating and comment, and why it is a bad review. */
export const RatingFacts = ({ payload }: { payload: RevisitTaskPayload }) => {
  const translate = useTranslate();
  const none = translate('app.forms.revisit.none');
  const process = payload.process ? translate(`app.revisit.process.${payload.process}`, { _: payload.process }) : '';
  const customer = payload.customerName
    ? payload.customerNo
      ? translate('app.forms.revisit.customer_value', { name: payload.customerName, customerNo: payload.customerNo })
      : payload.customerName
    : none;
  const reasons = (payload.badReasons ?? []).map((reason) => translate(`app.revisit.reason.${reason}`, { _: reason })).join(translate('app.forms.revisit.list_separator'));
  return (
    <Box sx={{ marginBottom: 1 }} data-testid="revisit-facts">
      <Line label="order" value={translate('app.forms.revisit.order_value', { process, orderNo: payload.orderNo ?? none })} />
      <Line label="customer" testId="revisit-customer" value={customer} />
      <Line label="phone" testId="revisit-phone" value={payload.contactPhone || none} />
      <Line label="rating" value={payload.rating === null || payload.rating === undefined ? translate('app.forms.revisit.no_rating') : translate('app.forms.revisit.rating_value', { rating: payload.rating })} />
      {payload.comment && <Line label="comment" value={payload.comment} />}
      {reasons && <Line label="bad_reasons" value={reasons} />}
    </Box>
  );
};

/** What the first call found: the cause in words, what the customer said, the corrective action, who is responsible. */
export const FirstCallFindings = ({ payload }: { payload: RevisitTaskPayload }) => {
  const translate = useTranslate();
  const { word, path } = useCauseWords();
  const none = translate('app.forms.revisit.none');
  return (
    <Box sx={{ marginBottom: 1 }} data-testid="revisit-first-call">
      <Typography variant="subtitle2">{translate('app.forms.revisit.first_call')}</Typography>
      <Line label="cause" testId="revisit-cause" value={payload.causeCode ? causeLabel(causeTreeOf(payload.causes), payload.causeCode, word, path) : none} />
      <Line label="said" value={payload.said || none} />
      <Line label="action" value={payload.action || none} />
      <Line label="responsible" value={payload.responsible || none} />
    </Box>
  );
};

/** For the escalation: the calls made, the supervisor by name, and the recovery check's note. */
export const RevisitHistory = ({ payload }: { payload: RevisitTaskPayload }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ marginBottom: 1 }} data-testid="revisit-history">
      <Typography variant="subtitle2">{translate('app.forms.revisit.history')}</Typography>
      <Line label="attempts" value={String(payload.attempts ?? translate('app.forms.revisit.none'))} />
      <Line label="supervisor" testId="revisit-supervisor" value={payload.supervisorName || translate('app.forms.revisit.no_supervisor')} />
      {payload.recoveryNote && (
        <Line label="recovery_note" testId="revisit-recovery-note" value={payload.recoveryNote} />
      )}
    </Box>
  );
};
