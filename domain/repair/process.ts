import type { ProcessDescriptor } from '../process';
import { repairPolicySchema } from './policy';

/** 故障报修: intake, dispatch to a crew, work on site, compensation, close (结单), callback (回访). */
export const repairProcess = {
  id: 'repair',
  caseType: 'repair',
  /** Its workflow types, exported for the worker's bundle by workflows/index.ts. */
  workflows: ['repairOrder'],
  policyKey: 'repair',
  policySchema: repairPolicySchema,
  start: 'started',
  steps: {
    started: { kind: 'system' },
    'repair-dispatch': { kind: 'person', task: 'repair-dispatch' },
    'repair-accept': { kind: 'person', task: 'repair-accept' },
    'repair-work': { kind: 'person', task: 'repair-work' },
    'repair-compensation': { kind: 'person', task: 'repair-compensation' },
    'repair-close': { kind: 'person', task: 'repair-close' },
    'repair-callback': { kind: 'person', task: 'repair-callback' },
    'repair-closed': { kind: 'end' },
  },
  edges: [
    { from: 'started', to: 'repair-dispatch' },
    { from: 'repair-dispatch', to: 'repair-accept', when: 'dispatched' },
    { from: 'repair-accept', to: 'repair-dispatch', when: 'crew-refused' },
    { from: 'repair-accept', to: 'repair-work', when: 'crew-accepted' },
    { from: 'repair-work', to: 'repair-compensation', when: 'liable-party' },
    { from: 'repair-work', to: 'repair-close', when: 'work-done' },
    { from: 'repair-compensation', to: 'repair-close', when: 'compensation-settled' },
    { from: 'repair-close', to: 'repair-callback', when: 'order-closed' },
    { from: 'repair-callback', to: 'repair-work', when: 'callback-rejected' },
    { from: 'repair-callback', to: 'repair-closed', when: 'rated' },
  ],
  tasks: {
    'repair-dispatch': { roles: ['dispatcher'] },
    'repair-accept': { roles: ['crew'] },
    'repair-work': { roles: ['crew'] },
    'repair-compensation': { roles: ['cashier'] },
    'repair-close': { roles: ['dispatcher'] },
    'repair-callback': { roles: ['agent'] },
  },
  events: [
    'repair.opened',
    'repair.alarm_received',
    'repair.sms_reply',
    'repair.dispatched',
    'repair.crew_refused',
    'repair.crew_accepted',
    'repair.work_reported',
    'repair.compensation_raised',
    'repair.compensation_settled',
    'repair.closed',
    'repair.callback_rejected',
    'repair.callback_done',
    'repair.rated',
  ],
} as const satisfies ProcessDescriptor;
