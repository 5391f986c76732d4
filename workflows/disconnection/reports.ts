import { defineSignal } from '@temporalio/workflow';

/**
 * What a batch's workflow tells its case about each customer as it goes. The case counts
 * these rather than waiting on each child's result, so a customer waiting days for a
 * hand-entered outage time frees its place in the window, and a report still reaches the
 * case after it continued as new (a signal goes to the latest run).
 */
export type CustomerReport =
  | { customerNo: string; kind: 'deferred'; until: string }
  /** The trip failed; an executor will enter the outage time by hand. */
  | { customerNo: string; kind: 'command-failed'; code: string }
  | { customerNo: string; kind: 'settled'; outcome: 'disconnected'; via: 'remote' | 'manual-entry' }
  | { customerNo: string; kind: 'settled'; outcome: 'not-disconnected'; code: string };

/** A batch's news, several customers at once: one signal rather than one each. */
export const customerReportsSignal = defineSignal<[CustomerReport[]]>('disconnectionCustomerReports');
