import { z } from 'zod/v4';
import { humanStepSchema, policyRefusal, strictGroup, templateText, wholeNumber } from '../policies/schema-parts';
import type { HumanStepPolicy } from '../tasks/escalation';

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

const templates = DEFAULT_RECONNECTION_POLICY.templates;

/** The reconnection policy as designers write it: every field optional, missing ones take the manual's defaults. */
export const reconnectionPolicySchema: z.ZodType<ReconnectionPolicy, unknown> = strictGroup({
  sweepIntervalMinutes: wholeNumber(1, 24 * 60).default(DEFAULT_RECONNECTION_POLICY.sweepIntervalMinutes),
  retryIntervalMinutes: wholeNumber(1, 7 * 24 * 60).default(DEFAULT_RECONNECTION_POLICY.retryIntervalMinutes),
  maxCommands: wholeNumber(1, 10).default(DEFAULT_RECONNECTION_POLICY.maxCommands),
  commandValidityMinutes: wholeNumber(1, 24 * 60).default(DEFAULT_RECONNECTION_POLICY.commandValidityMinutes),
  templates: strictGroup({
    customerReconnected: templateText(CUSTOMER_RECONNECTED_PLACEHOLDERS).default(templates.customerReconnected),
    collectorManualReconnection: templateText(COLLECTOR_MANUAL_PLACEHOLDERS).default(templates.collectorManualReconnection),
  }).prefault({}),
  manualReconnection: strictGroup(humanStepSchema(), 'must be an object {slaMinutes, onOverdue}').prefault(() => structuredClone(DEFAULT_RECONNECTION_POLICY.manualReconnection)),
});

/** Validates a stored policy; missing fields take the manual's defaults. */
export function parseReconnectionPolicy(raw: unknown): ReconnectionPolicy {
  const parsed = reconnectionPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidPolicyError(policyRefusal(parsed.error.issues, 'reconnection policy'));
  return parsed.data;
}
