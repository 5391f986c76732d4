import type { ProcessDescriptor } from '../process';
import { disconnectionPolicySchema } from './policy';

/** 欠费停电: approval level by level, a day's notice, a re-check of payers, then the commands. */
export const disconnectionProcess = {
  id: 'disconnection',
  caseType: 'disconnection',
  /** Its workflow types, exported for the worker's bundle by workflows/index.ts. */
  workflows: ['disconnectionCase', 'disconnectCustomers'],
  policyKey: 'disconnection',
  policySchema: disconnectionPolicySchema,
  start: 'started',
  steps: {
    started: { kind: 'system' },
    approval: { kind: 'person', numbered: true, task: 'disconnection-approval' },
    rejected: { kind: 'end' },
    'pre-notice': { kind: 'system' },
    're-check': { kind: 'person', task: 'disconnection-re-check' },
    'archived-empty': { kind: 'end' },
    commands: { kind: 'system' },
    'commands-paused': { kind: 'system' },
    archived: { kind: 'end' },
  },
  edges: [
    { from: 'started', to: 'approval' },
    { from: 'approval', to: 'approval', when: 'next-level' },
    { from: 'approval', to: 'rejected', when: 'rejected' },
    { from: 'approval', to: 'pre-notice', when: 'approved' },
    { from: 'pre-notice', to: 're-check', when: 'notice-period-over' },
    { from: 're-check', to: 'archived-empty', when: 'nobody-left' },
    { from: 're-check', to: 'commands' },
    { from: 'commands', to: 'commands-paused', when: 'forbidden-window' },
    { from: 'commands-paused', to: 'commands', when: 'window-open' },
    { from: 'commands', to: 'archived', when: 'all-settled' },
  ],
  tasks: {
    'disconnection-approval': { roles: ['approver'] },
    'disconnection-re-check': { roles: ['executor'] },
    'manual-outage-entry': { roles: ['executor'] },
  },
  events: [
    'disconnection.applied',
    'disconnection.application_withdrawn',
    'disconnection.verdict',
    'disconnection.customer-not-found',
    'disconnection.batch-failed',
    'customer.disconnected',
  ],
} as const satisfies ProcessDescriptor;
