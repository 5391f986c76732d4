import { assertTemplateUses } from '../messages/template';
import { HumanStepPolicy, parseHumanStepPolicy } from '../tasks/escalation';

/**
 * Every figure of remote reconnection is a parameter (domain brief §2); a workflow reads
 * the policy once when it starts, so a change applies to cases started afterwards.
 */
export interface ReconnectionPolicy {
  /** How often the safety-net sweep looks for disconnected customers who have paid. */
  sweepIntervalMinutes: number;
  /** Wait between a failed close command and the next one. */
  retryIntervalMinutes: number;
  /** Close commands sent at most, the first included. */
  maxCommands: number;
  /** How long a command stays valid in the meter (the frame's deadline). */
  commandValidityMinutes: number;
  templates: {
    customerReconnected: string;
    collectorManualReconnection: string;
  };
  /** The collector's on-site reconnection task: its SLA and what happens when it passes. */
  manualReconnection: HumanStepPolicy;
}

export const CUSTOMER_RECONNECTED_PLACEHOLDERS = ['customerName', 'customerNo', 'time', 'orderNo'] as const;
export const COLLECTOR_MANUAL_PLACEHOLDERS = ['collectorName', 'customerName', 'customerNo', 'address', 'orderNo', 'reason'] as const;

export const DEFAULT_RECONNECTION_POLICY: ReconnectionPolicy = {
  sweepIntervalMinutes: 15,
  retryIntervalMinutes: 120,
  maxCommands: 3,
  commandValidityMinutes: 5,
  templates: {
    customerReconnected: '尊敬的{customerName}：您的户号{customerNo}已于{time}恢复供电（工单{orderNo}）。感谢您及时缴费。',
    collectorManualReconnection: '{collectorName}：客户{customerName}（户号{customerNo}，{address}）已结清欠费但{reason}，请现场复电，工单{orderNo}。',
  },
  manualReconnection: { slaMinutes: 24 * 60, onOverdue: [{ notify: 'supervisor' }, { widenToRoles: ['executor'] }] },
};

export class InvalidPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPolicyError';
  }
}

function positiveInteger(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidPolicyError(`${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a stored policy; missing fields take the manual's defaults. */
export function parseReconnectionPolicy(raw: unknown): ReconnectionPolicy {
  const input = (raw ?? {}) as Partial<ReconnectionPolicy>;
  if (typeof input !== 'object') throw new InvalidPolicyError('reconnection policy must be an object');
  const d = DEFAULT_RECONNECTION_POLICY;
  const templates = { ...d.templates, ...(input.templates ?? {}) };
  for (const [name, text] of Object.entries(templates)) {
    if (typeof text !== 'string' || text.trim() === '') throw new InvalidPolicyError(`template ${name} must be non-empty text`);
  }
  assertTemplateUses(templates.customerReconnected, CUSTOMER_RECONNECTED_PLACEHOLDERS);
  assertTemplateUses(templates.collectorManualReconnection, COLLECTOR_MANUAL_PLACEHOLDERS);
  return {
    sweepIntervalMinutes: positiveInteger(input.sweepIntervalMinutes ?? d.sweepIntervalMinutes, 'sweepIntervalMinutes', 24 * 60),
    retryIntervalMinutes: positiveInteger(input.retryIntervalMinutes ?? d.retryIntervalMinutes, 'retryIntervalMinutes', 7 * 24 * 60),
    maxCommands: positiveInteger(input.maxCommands ?? d.maxCommands, 'maxCommands', 10),
    commandValidityMinutes: positiveInteger(input.commandValidityMinutes ?? d.commandValidityMinutes, 'commandValidityMinutes', 24 * 60),
    templates,
    manualReconnection: parseHumanStepPolicy(input.manualReconnection ?? d.manualReconnection, 'manualReconnection'),
  };
}
