import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { useFormatDateTime } from './DateTimeField';
import { useStepLabel } from './steps';
import { isPersonKey } from '../../../domain/people';
import { causeLabel, causeTreeOf } from '../revisit/causes';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Keys whose values are role codes, shown by their names. */
const ROLE_LISTS = new Set(['candidateRoles', 'widenedTo', 'roles']);
/** Keys whose values are codes, and the catalog prefix that names them; free text falls through. */
const CODES: Record<string, string> = {
  kind: 'app.work_order_kind',
  outcome: 'app.work_order_outcome',
  channel: 'app.channel',
  purpose: 'app.outbox_purpose',
  via: 'app.reconnection_via',
  state: 'app.case_state',
  reason: 'app.steps',
  decision: 'app.forms.approval',
  verdict: 'app.verdict',
  command: 'app.relay_command',
  // A repair order's priority as an urge raised it (repair.urged).
  priorityBefore: 'app.repair_order.priority',
  priorityAfter: 'app.repair_order.priority',
  // Why the last dispatch of a repair order did not place it (its dispatch task's payload).
  dispatchRefusal: 'app.repair_order.dispatch.refusal',
  // Disconnection reasons and meter failures share one list of codes.
  code: 'app.disconnection_code',
};

/** Where a code not in its key's list is looked up next: a repair step's choices (accept, refuse, reject, paid, waived). */
const CODES_ALSO: Record<string, string> = { decision: 'app.forms.repair', outcome: 'app.forms.repair', via: 'app.repair_order.rated_via' };

/**
 * Beside a `code` the back office words, an English `message` or `reason` only repeats it for
 * logs and API clients: left out. Codes and parameters of task texts are shown worded elsewhere.
 */
const hiddenBeside = (key: string, values: Record<string, unknown>) =>
  (key === 'categoryName' && typeof values.category === 'string') ||
  // A revisit's cause tree in its tasks' payloads: the form offers it, the recorded cause is worded from it.
  (key === 'causes' && Array.isArray(values.causes)) ||
  // A place's code beside its name (an exchange): the name is what people read.
  (['fromExchange', 'toExchange', 'exchangeCode'].includes(key) && typeof values[`${key.replace(/Code$/, '')}Name`] === 'string') ||
  ((key === 'message' || key === 'reason') && typeof values.code === 'string') || key === 'titleParams' || key === 'routingParams' || key === 'titleCode' || key === 'routingCode';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A free-form object from the API (task payload, result, event data) as labelled values, nested
 * ones indented. User ids under person keys show as the names in `people` (id → name).
 */
export const KeyValueList = ({ values, people = {} }: { values: Record<string, unknown>; people?: Record<string, string> }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const stepLabel = useStepLabel();
  const [locale] = useLocaleState();
  const entries = Object.entries(values).filter(([key, value]) => value !== undefined && !hiddenBeside(key, values));
  const personName = (id: unknown) => people[String(id)] ?? translate('app.timeline.actor.unknown_person');
  // A process's own codes, worded by their key in its catalog (app.data_values.<key>.<code>); free text falls through.
  const worded = (key: string, value: string) => translate(`app.data_values.${key}.${value}`, { _: value });
  if (entries.length === 0) return null;

  const show = (key: string, value: unknown): string => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
    if (typeof value === 'boolean') return translate(`ra.boolean.${value}`);
    // People by name, never by id; a name already given (e.g. `by` of a task action) stays.
    if (isPersonKey(key) && (typeof value === 'number' || Array.isArray(value))) return (Array.isArray(value) ? value : [value]).map(personName).join('、');
    // Money travels in fen (1/100 yuan) as whole numbers.
    if (key.endsWith('Fen') && typeof value === 'number') return (value / 100).toLocaleString(locale, { style: 'currency', currency: 'CNY' });
    if (typeof value === 'string') {
      if (key === 'step') return stepLabel(value);
      // A repair fault category: worded by the catalog, else the designer's name for it.
      if (key === 'category') return translate(`app.repair_order.category.${value}`, { _: typeof values.categoryName === 'string' ? values.categoryName : value });
      // A revisit's cause: worded by the catalog, else the designer's name in the payload's tree, under its parent.
      if (key === 'causeCode') {
        const word = (code: string, name: string) => translate(`app.revisit.cause.${code}`, { _: name });
        return causeLabel(causeTreeOf(values.causes), value, word, (parent, child) => translate('app.forms.revisit.cause_path', { parent, child }));
      }
      // The gateway a message left by ("outbox", "smtp:host:port"): by its kind.
      if (key === 'transport') return translate(`app.transport.${value.split(':')[0]}`, { _: value });
      // A work order's reason: its trigger (payment, sweep), else a step's code (not-eligible…).
      if (key === 'reason') return translate(`app.work_order_reason.${value}`, { _: translate(`app.task_cancel_reason.${value}`, { _: translate(`app.steps.${value}`, { _: value }) }) });
      if (CODES[key]) return translate(`${CODES[key]}.${value}`, { _: CODES_ALSO[key] ? translate(`${CODES_ALSO[key]}.${value}`, { _: worded(key, value) }) : worded(key, value) });
      return ISO_TIME.test(value) ? formatDateTime(value) : worded(key, value);
    }
    if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) {
      return value.map((item) => (ROLE_LISTS.has(key) ? translate(`app.roles.${item}`, { _: String(item) }) : worded(key, String(item)))).join(', ');
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };

  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, margin: 0 }}>
      {entries.map(([key, value]) => (
        <Fragment key={key}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {translate(`app.data.${key}`, { _: key })}
          </Typography>
          {/* A message's body is the text as sent, in the language it was sent in, not the back office's. */}
          <Typography component="dd" variant="body2" sx={{ margin: 0, overflowWrap: 'anywhere' }} data-testid={key === 'body' ? 'message-body' : undefined}>
            {isRecord(value) ? (
              <KeyValueList values={value} people={people} />
            ) : Array.isArray(value) && value.length > 0 && value.every(isRecord) ? (
              // A list of records (parts swapped): each one labelled, one under the other.
              value.map((item, i) => <KeyValueList key={i} values={item} people={people} />)
            ) : (
              show(key, value)
            )}
          </Typography>
        </Fragment>
      ))}
    </Box>
  );
};
