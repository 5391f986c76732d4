import type { ProcessDescriptor } from '../process';
import { revisitPolicySchema } from './policy';

/**
 * 差评回访: a bad rating of any process's work (at or below its threshold, or a complaint in the
 * comment) opens one revisit per order and customer. The supervisor of whoever did the work
 * contacts the customer within an SLA — no answer, and the next attempt follows after the
 * policy's interval, until the customer is reached or the attempts run out (unreachable) — and
 * records the cause, what the customer said, the corrective action and who is responsible —
 * and may reopen the rated order: the repair goes back to its crew through the repair workflow,
 * and the revisit waits until it is done again.
 * Some days later a recovery check asks the customer again: recovered closes the revisit, not
 * recovered sends it to the next level of management with the whole history.
 */
export const revisitProcess = {
  id: 'revisit',
  caseType: 'revisit',
  /** Its workflow types, exported for the worker's bundle by workflows/index.ts. */
  workflows: ['revisitCase'],
  policyKey: 'revisit',
  policySchema: revisitPolicySchema,
  start: 'started',
  steps: {
    started: { kind: 'system' },
    'revisit-contact': { kind: 'person', task: 'revisit-contact' },
    'revisit-retry-wait': { kind: 'system' },
    'revisit-reopened': { kind: 'system' },
    'revisit-recovery-wait': { kind: 'system' },
    'revisit-survey': { kind: 'system' },
    'revisit-recovery': { kind: 'person', task: 'revisit-recovery' },
    'revisit-escalation': { kind: 'person', task: 'revisit-escalation' },
    'revisit-recovered': { kind: 'end' },
    'revisit-unreachable': { kind: 'end' },
    'revisit-not-recovered': { kind: 'end' },
  },
  edges: [
    { from: 'started', to: 'revisit-contact' },
    { from: 'revisit-contact', to: 'revisit-retry-wait', when: 'no-answer' },
    { from: 'revisit-retry-wait', to: 'revisit-contact', when: 'next-attempt' },
    { from: 'revisit-contact', to: 'revisit-unreachable', when: 'attempts-exhausted' },
    { from: 'revisit-contact', to: 'revisit-recovery-wait', when: 'reached' },
    { from: 'revisit-contact', to: 'revisit-reopened', when: 'order-reopened' },
    { from: 'revisit-reopened', to: 'revisit-recovery-wait', when: 'order-redone' },
    { from: 'revisit-recovery-wait', to: 'revisit-survey', when: 'survey-sent' },
    { from: 'revisit-recovery-wait', to: 'revisit-recovery', when: 'recovery-due' },
    { from: 'revisit-survey', to: 'revisit-recovered', when: 'recovered' },
    { from: 'revisit-survey', to: 'revisit-escalation', when: 'not-recovered' },
    { from: 'revisit-survey', to: 'revisit-recovery', when: 'no-reply' },
    { from: 'revisit-recovery', to: 'revisit-recovered', when: 'recovered' },
    { from: 'revisit-recovery', to: 'revisit-escalation', when: 'not-recovered' },
    { from: 'revisit-escalation', to: 'revisit-not-recovered', when: 'acknowledged' },
  ],
  tasks: {
    // The supervisor of the office or team that did the work (the workflow names them); else these roles.
    'revisit-contact': { roles: ['dispatcher'] },
    'revisit-recovery': { roles: ['dispatcher'] },
    // The next level of management: the supervisor's own supervisor, else approvers.
    'revisit-escalation': { roles: ['approver'] },
  },
  events: ['rating.recorded', 'rating.survey_requested', 'rating.survey_answered', 'revisit.opened', 'revisit.attempt_recorded', 'revisit.contacted', 'revisit.order_reopened', 'revisit.reopen_refused', 'revisit.order_redone', 'revisit.survey_sent', 'revisit.survey_replied', 'revisit.recovery_checked', 'revisit.escalated', 'revisit.closed'],
} as const satisfies ProcessDescriptor;
