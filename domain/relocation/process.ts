import type { ProcessDescriptor } from '../process';
import { relocationPolicySchema } from './policy';

/**
 * 市话移机 + 稽核: a clerk accepts the relocation (new address → exchange, number, appointment,
 * real-name registration, fees); the cashier takes the payment; the audit decision (rules, or a
 * random sample) sends it to an auditor or straight on; a rejected order goes back to its clerk;
 * only an audited (or passed) order is installed; an announcement, if ordered, ends by itself.
 */
export const relocationProcess = {
  id: 'relocation',
  caseType: 'relocation',
  /** Its workflow types, exported for the worker's bundle by workflows/index.ts. */
  workflows: ['relocationOrder'],
  policyKey: 'relocation',
  policySchema: relocationPolicySchema,
  start: 'started',
  steps: {
    started: { kind: 'system' },
    'relocation-payment': { kind: 'person', task: 'relocation-payment' },
    'relocation-audit': { kind: 'person', task: 'relocation-audit' },
    'relocation-fix': { kind: 'person', task: 'relocation-fix' },
    'relocation-install': { kind: 'person', task: 'relocation-install' },
    'relocation-reschedule': { kind: 'person', task: 'relocation-reschedule' },
    'relocation-announcing': { kind: 'system' },
    'relocation-done': { kind: 'end' },
    'relocation-cancelled': { kind: 'end' },
    // Reopened by a revisit after a bad review (差评返工): the team redoes the installation.
    'relocation-reopened': { kind: 'system' },
    'relocation-redone': { kind: 'end' },
  },
  edges: [
    { from: 'started', to: 'relocation-payment' },
    { from: 'relocation-payment', to: 'relocation-audit', when: 'audit-required' },
    { from: 'relocation-payment', to: 'relocation-install', when: 'audit-passed-by-rule' },
    { from: 'relocation-payment', to: 'relocation-cancelled', when: 'reservation-expired' },
    { from: 'relocation-audit', to: 'relocation-install', when: 'audit-passed' },
    { from: 'relocation-audit', to: 'relocation-fix', when: 'audit-rejected' },
    { from: 'relocation-fix', to: 'relocation-audit', when: 'resubmitted' },
    { from: 'relocation-install', to: 'relocation-reschedule', when: 'not-installed' },
    { from: 'relocation-reschedule', to: 'relocation-install', when: 'rescheduled' },
    { from: 'relocation-install', to: 'relocation-announcing', when: 'installed-with-announcement' },
    { from: 'relocation-install', to: 'relocation-done', when: 'installed' },
    { from: 'relocation-announcing', to: 'relocation-done', when: 'announcement-ended' },
    { from: 'relocation-payment', to: 'relocation-cancelled', when: 'cancelled' },
    { from: 'relocation-audit', to: 'relocation-cancelled', when: 'cancelled' },
    { from: 'relocation-fix', to: 'relocation-cancelled', when: 'cancelled' },
    { from: 'relocation-install', to: 'relocation-cancelled', when: 'cancelled' },
    { from: 'started', to: 'relocation-reopened', when: 'reopened-by-revisit' },
    { from: 'relocation-reopened', to: 'relocation-install', when: 'back-to-team' },
    { from: 'relocation-install', to: 'relocation-redone', when: 'redone' },
    { from: 'relocation-reschedule', to: 'relocation-cancelled', when: 'cancelled' },
  ],
  tasks: {
    'relocation-payment': { roles: ['cashier'] },
    // 稽核: never the clerk who accepted the order (four eyes; the workflow excludes them).
    'relocation-audit': { roles: ['checker'] },
    'relocation-fix': { roles: ['clerk'] },
    'relocation-install': { roles: ['crew'] },
    'relocation-reschedule': { roles: ['clerk'] },
  },
  events: [
    'relocation.accepted',
    'relocation.number_reserved',
    'relocation.number_released',
    'relocation.paid',
    'relocation.audit_decided',
    'relocation.audit_passed',
    'relocation.audit_rejected',
    'relocation.resubmitted',
    'relocation.installed',
    'relocation.install_failed',
    'relocation.rescheduled',
    'relocation.announcement_ended',
    'relocation.cancelled',
    'relocation.refunded',
    'relocation.rating_requested',
    // Reopened by a revisit after a bad review (差评返工): the team redoes the installation.
    'relocation.reopened',
    'relocation.redone',
  ],
} as const satisfies ProcessDescriptor;
