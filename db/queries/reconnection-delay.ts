import type { EventType } from '../../domain/events';

/**
 * When a reconnection case gave the customer their power back, and how long after their
 * payment: one definition for the reconnection report (api/reports/reconnection.ts), the
 * dashboard (api/dashboard) and the case list's `reconnectedToday` filter. SQL over a cases
 * table aliased `caseAlias`.
 */
const RESTORED: EventType = 'customer.reconnected';

/** The restoration time the case recorded: the meter's confirmation, or the time the collector entered on site. */
export const restoredAtSql = (caseAlias: string) =>
  `(SELECT (e.data->>'reconnectedAt')::timestamptz FROM events e WHERE e.case_id = ${caseAlias}.id AND e.type = '${RESTORED}' ORDER BY e.seq LIMIT 1)`;

/**
 * The payment that cleared the arrears, as Gridflow received it: the latest payment of the
 * customer's accounts received by the time the case started.
 */
export const paymentReceivedAtSql = (caseAlias: string) =>
  `(SELECT max(p.received_at) FROM payments p JOIN accounts a ON a.id = p.account_id
     WHERE a.customer_id = ${caseAlias}.customer_id AND p.received_at <= ${caseAlias}.started_at)`;

/** Seconds from payment to power; null until the case restored supply (or without a payment). */
export const paymentToPowerSecondsSql = (caseAlias: string) => `extract(epoch FROM ${restoredAtSql(caseAlias)} - ${paymentReceivedAtSql(caseAlias)})`;

/** Today's bounds in China, where the offices are, as SQL instants. */
export const CHINA_TODAY_START_SQL = `(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;
export const CHINA_TOMORROW_START_SQL = `((date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') + interval '1 day') AT TIME ZONE 'Asia/Shanghai')`;
