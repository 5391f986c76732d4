/**
 * Timeline entries in words, for exported case files: the same catalogs and the same rules
 * as the back office's audit screens (admin-ui/src/audit), one language per document.
 */
import type { AuditActor, DecodedExchange, DecodedFrame, TimelineEntry } from '../contracts/audit';
import { isPersonKey } from '../people';
/** The catalogs' translate: a key, its parameters, and what to show when the key is missing. */
export type Translate = (key: string, params?: Record<string, unknown>, fallback?: string) => string;

export function actorWords(actor: AuditActor, t: Translate): string {
  if (actor.kind === 'person') return actor.name ?? t('app.audit.actor.former-person');
  // A gateway by its kind ("outbox", "smtp:host:port"), as the back office names it.
  if (actor.kind === 'gateway') return t('app.audit.actor.gateway', { name: t(`app.transport.${String(actor.params.name).split(':')[0]}`, {}, String(actor.params.name)) });
  return t(`app.audit.actor.${actor.kind}`, actor.params);
}

/** Data values that are codes, and the catalog prefix that words them. */
const CODE_VALUES: Record<string, string> = { outageTimeFrom: 'app.audit.outage_time_from' };

/** An event's data with its code values worded (the rest as stored). */
export function wordCodeValues(data: Record<string, unknown>, t: Translate): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, CODE_VALUES[key] && typeof value === 'string' ? t(`${CODE_VALUES[key]}.${value}`, {}, value) : value]));
}

export function stepWords(step: string, t: Translate): string {
  const numbered = /^(.+)-(\d+)$/.exec(step);
  if (numbered) return t(`app.steps.${numbered[1]}`, { attempt: numbered[2] }, step);
  return t(`app.steps.${step}`, {}, step);
}

/** A decoded value read from a meter, as one line of plain values with units. */
export function frameValue(params: DecodedFrame['params']): string {
  if (params.kWh !== undefined) return `${params.kWh} kWh`;
  if (params.a !== undefined) return `A ${params.a} ${params.unit} · B ${params.b} ${params.unit} · C ${params.c} ${params.unit}`;
  return String(params.time ?? params.date ?? params.address ?? params.hex ?? '');
}

export function frameWords(frame: DecodedFrame, t: Translate): string {
  const params: Record<string, unknown> = { ...frame.params };
  if (typeof params.item === 'string') params.item = t(`app.audit.frame.item.${params.item}`);
  params.value = frameValue(frame.params);
  const parts = [t(`app.audit.frame.meaning.${frame.meaning}`, params)];
  if (frame.fault) parts.push(t(`app.audit.frame.fault.${frame.fault}`));
  if (typeof frame.params.meterType === 'string') parts.push(t(`app.audit.frame.meter_type.${frame.params.meterType}`));
  for (const flag of frame.flags) parts.push(t(`app.audit.frame.flag.${flag}`));
  const head = [
    frame.direction ? t(`app.audit.frame.direction.${frame.direction}`) : null,
    frame.function ? t(`app.audit.frame.function.${frame.function}`) : null,
    frame.address ? t('app.audit.frame.address', { address: frame.address }) : null,
    frame.dataIdentifier ? t('app.audit.frame.di', { di: frame.dataIdentifier.di }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return `${head}${head ? ' — ' : ''}${parts.join('; ')}`;
}

/** An exchange's timing on the wire: when after the first, bytes and milliseconds each way, baud. */
export function timingWords(exchange: DecodedExchange, t: Translate): string {
  return t('app.audit.frame.timing', {
    offset: exchange.offsetMs,
    sentMs: exchange.timing.sentWireMs,
    receivedMs: exchange.timing.receivedWireMs,
    sentBytes: exchange.timing.sentBytes,
    receivedBytes: exchange.timing.receivedBytes,
    baud: exchange.timing.baud,
  });
}

export function exchangeLines(exchange: DecodedExchange, t: Translate): string[] {
  const lines = [
    timingWords(exchange, t),
    `→ ${exchange.sentHex}`,
    `  ${frameWords(exchange.sent, t)}`,
    `← ${exchange.receivedHex ?? t('app.audit.frame.no_reply')}`,
    ...exchange.received.map((frame) => `  ${frameWords(frame, t)}`),
  ];
  if (exchange.noiseBytes > 0) lines.push(`  ${t('app.audit.frame.noise', { count: exchange.noiseBytes })}`);
  return lines;
}

/** What an entry is about: its case, customer, task, order, meter, step. */
export function aboutWords(entry: TimelineEntry, t: Translate): string {
  const parts: string[] = [];
  if (entry.case) parts.push(`${t('app.audit.ref.case')} ${entry.case.id} ${entry.case.title}`);
  if (entry.customer) parts.push(`${t('app.audit.ref.customer')} ${entry.customer.customerNo} ${entry.customer.name}`);
  if (entry.task) parts.push(`${t('app.audit.ref.task')} ${entry.task.id}`);
  if (entry.order) parts.push(`${t('app.audit.ref.order')} ${entry.order.orderNo}`);
  if (entry.meter) parts.push(`${t('app.audit.ref.meter')} ${entry.meter.address}`);
  if (entry.step) parts.push(`${t('app.audit.ref.step')} ${stepWords(entry.step.code, t)} (${t(`app.audit.step_state.${entry.step.state}`)})`);
  return parts.join(' · ');
}

/** An event's data as "label: value" pairs, people by name. */
export function dataWords(entry: TimelineEntry, t: Translate): string[] {
  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (isPersonKey(key) && (typeof value === 'number' || Array.isArray(value))) {
      return (Array.isArray(value) ? value : [value]).map((id) => entry.people[String(id)] ?? t('app.audit.actor.former-person')).join(', ');
    }
    if (key === 'step' && typeof value === 'string') return stepWords(value, t);
    if (key === 'transport' && typeof value === 'string') return t(`app.transport.${value.split(':')[0]}`, {}, value);
    if (typeof value === 'boolean') return t(`ra.boolean.${value}`);
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  return Object.entries(wordCodeValues(entry.data, t))
    // A step's recorded state is where it stood when it began; aboutWords says where it stands now.
    .filter(([key]) => key !== 'by' && key !== 'titleParams' && key !== 'routingParams' && !(entry.step && (key === 'step' || key === 'state')))
    .map(([key, value]) => `${t(`app.data.${key}`, {}, key)}: ${show(key, value)}`);
}

export const eventWords = (type: string, t: Translate) => t(`app.events.${type}`, {}, type);
