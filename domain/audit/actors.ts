/**
 * Who acted, from an event's stored actor: a person by id (named by the caller), or one of the
 * system's own actors named for what it is. Pure: the caller supplies the names.
 */
import type { AuditActor } from '../contracts/audit';
import { actorUserId } from '../people';

/** Meter commands: the frames were exchanged by the hardware worker of the meter's site. */
const METER_COMMAND_TYPES = new Set(['meter.command.confirmed', 'meter.command.failed']);

export function resolveActor(
  actor: string,
  context: { type: string; people: Record<string, string>; meterSite?: string | null },
): AuditActor {
  const base = { raw: actor, name: null, userId: null, params: {} };
  const userId = actorUserId(actor);
  if (userId !== undefined) {
    const name = context.people[String(userId)];
    return name !== undefined ? { ...base, kind: 'person', name, userId } : { ...base, kind: 'former-person', userId };
  }
  if (METER_COMMAND_TYPES.has(context.type) && context.meterSite) {
    return { ...base, kind: 'hardware-worker', params: { site: context.meterSite, ...workflowParams(actor) } };
  }
  const [kind, rest = ''] = splitActor(actor);
  switch (kind) {
    case 'workflow':
      return { ...base, ...workflowActor(rest) };
    case 'gateway':
      return { ...base, kind: 'gateway', params: { name: rest } };
    case 'service':
      return { ...base, kind: 'service', params: { name: rest } };
    case 'anonymous':
      return { ...base, kind: 'anonymous' };
    default:
      return { ...base, kind: 'system' };
  }
}

function splitActor(actor: string): [string, string?] {
  const at = actor.indexOf(':');
  return at < 0 ? [actor] : [actor.slice(0, at), actor.slice(at + 1)];
}

/** The workflow behind `workflow:<id>`, by the ids the project gives its workflows. */
export function workflowActor(workflowId: string): Pick<AuditActor, 'kind' | 'params'> {
  let match: RegExpExecArray | null;
  // The schedule's runs: reconnection-sweep-<time>.
  if (workflowId.startsWith('reconnection-sweep')) return { kind: 'reconnection-sweep', params: { workflowId } };
  if ((match = /^reconnection-(.+)$/.exec(workflowId))) return { kind: 'reconnection', params: { workflowId, customerNo: match[1]! } };
  if (workflowId.startsWith('disconnection-case-')) return { kind: 'disconnection-case', params: { workflowId } };
  if ((match = /^disconnection-(\d+)-batch-(\d+)/.exec(workflowId))) return { kind: 'disconnection-batch', params: { workflowId, caseId: Number(match[1]), batch: Number(match[2]) } };
  if (workflowId.startsWith('audit-anchor')) return { kind: 'audit-anchor', params: { workflowId } };
  return { kind: 'workflow', params: { workflowId } };
}

function workflowParams(actor: string): Record<string, string> {
  const [kind, rest] = splitActor(actor);
  return kind === 'workflow' && rest ? { workflowId: rest } : {};
}
