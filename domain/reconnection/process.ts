import type { ProcessDescriptor } from '../process';
import { reconnectionPolicySchema } from './policy';

/** 远程自动复电: close commands with retries, then the segment's collector on site. */
export const reconnectionProcess = {
  id: 'reconnection',
  caseType: 'reconnection',
  /** Its workflow types, exported for the worker's bundle by workflows/index.ts. */
  workflows: ['reconnectCustomer', 'reconnectionSweep'],
  policyKey: 'reconnection',
  policySchema: reconnectionPolicySchema,
  start: 'started',
  steps: {
    started: { kind: 'system' },
    'close-command': { kind: 'system', numbered: true },
    reconnected: { kind: 'end' },
    'manual-reconnection': { kind: 'person', task: 'manual-reconnection' },
    'reconnected-on-site': { kind: 'end' },
    'already-connected': { kind: 'end' },
    'arrears-remain': { kind: 'end' },
  },
  edges: [
    { from: 'started', to: 'close-command', when: 'remote' },
    { from: 'started', to: 'manual-reconnection', when: 'not-remote' },
    // Only cases from before a look with nothing to do stopped opening one.
    { from: 'started', to: 'already-connected', when: 'nothing-to-do' },
    { from: 'started', to: 'arrears-remain', when: 'nothing-to-do' },
    { from: 'close-command', to: 'reconnected', when: 'confirmed' },
    { from: 'close-command', to: 'close-command', when: 'retry' },
    { from: 'close-command', to: 'manual-reconnection', when: 'commands-failed' },
    { from: 'close-command', to: 'already-connected', when: 'reconnected-meanwhile' },
    { from: 'close-command', to: 'arrears-remain', when: 'arrears-meanwhile' },
    { from: 'manual-reconnection', to: 'reconnected-on-site' },
  ],
  tasks: {
    'manual-reconnection': { roles: ['collector'] },
  },
  events: ['customer.reconnected', 'customer.eligibility_changed', 'payment.received'],
} as const satisfies ProcessDescriptor;
