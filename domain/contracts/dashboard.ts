/**
 * The landing page (api/dashboard.ts): a section per kind of work the reader may do, as the
 * permission table says (domain/permissions.ts). Every count is what the list it links to
 * counts with that list's own filter.
 */
import { z } from 'zod/v4';
import { PROCESSES, TASK_STEPS } from '../processes';
import { yuanText } from './common';

const count = z.int().min(0);
const taskStep = z.enum(TASK_STEPS as [string, ...string[]]);
const caseType = z.enum(PROCESSES.map((process) => process.caseType) as [string, ...string[]]);

/**
 * For those who may list tasks: their queue, the tasks list's `state: open` (held by them or
 * offered to them; the whole office's for those whose task scope is all).
 */
export const dashboardQueue = z
  .strictObject({
    /** `mine`: the person's own queue; `all`: the office's open work (dispatchers, agents, auditors). */
    scope: z.enum(['mine', 'all']),
    /** Tasks list `{"state":"open"}`. */
    open: count,
    /** Tasks list `{"overdue":true}`. */
    overdue: count,
    /** Open tasks not yet overdue that fall due before midnight (China time). */
    dueToday: count,
    /** Per step with open tasks: `{"state":"open","step":…}` and `{"overdue":true,"step":…}`. */
    steps: z.array(z.strictObject({ step: taskStep, open: count, overdue: count })),
  })
  .meta({ id: 'DashboardQueue' });

/** For those who may read reports: the office's figures. */
export const dashboardOffice = z
  .strictObject({
    /** Customers list `{"inArrears":true}`: how many, and what they owe together (CNY). */
    arrears: z.strictObject({ customers: count, amount: yuanText }),
    /** Customers list `{"supplyStatus":"disconnected"}`. */
    disconnected: count,
    /**
     * Cases list `{"reconnectedToday":true}`: reconnections that restored supply today (China
     * time), and the median time from the payment (as received) to power, in seconds.
     */
    reconnectionsToday: z.strictObject({ cases: count, medianSeconds: z.int().min(0).nullable() }),
    /** Cases list `{"type":…,"state":"running"}`, one per registered process. */
    openCases: z.array(z.strictObject({ type: caseType, cases: count })),
    /** Tasks list `{"overdue":true}` and, per step with any, `{"overdue":true,"step":…}`. */
    overdueTasks: count,
    overdueByStep: z.array(z.strictObject({ step: taskStep, overdue: count })),
  })
  .meta({ id: 'DashboardOffice' });

export const dashboardRecord = z
  .strictObject({
    /** Null for those who may not list tasks. */
    queue: dashboardQueue.nullable(),
    /** Null for those who may not read reports. */
    office: dashboardOffice.nullable(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardRecord>;
export type DashboardQueue = z.infer<typeof dashboardQueue>;
export type DashboardOffice = z.infer<typeof dashboardOffice>;
