import type { ZodType } from 'zod/v4';
import type { Resource, Role } from './permissions';

/**
 * What a process declares about itself once: its case type, the steps a case passes through
 * (and which of them wait for a person), the events it writes, its policy's settings key and
 * the step graph diagrams and live counts are drawn from. Pure data, read by the workers, the
 * API and the back office alike (see domain/processes.ts, the registry).
 */
export interface ProcessDescriptor<Id extends string = string, Step extends string = string, TaskStep extends string = string, Event extends string = string> {
  id: Id;
  /** `cases.type` of this process's cases. */
  caseType: Id;
  /** Its workflow types (function names), exported by workflows/index.ts for the bundle. */
  workflows: readonly string[];
  /** The settings key of its policy (versioned by designers: domain/policies/keys.ts). */
  policyKey: string;
  /** Its policy's schema, with the defaults it fills in: what designers may publish. */
  policySchema: ZodType<unknown, unknown>;
  /**
   * The steps a case of it shows (`cases.current_step`). A numbered step repeats (approval
   * level 1, 2…; close command 1, 2…) and is stored as `<step>-<n>`.
   */
  steps: Record<Step, CaseStepDef<TaskStep>>;
  /** Where a case begins. */
  start: Step;
  /** The arrows of the step graph; `when` is a catalog code (`app.graph.<code>`) for the arrow's label. */
  edges: readonly { from: Step; to: Step; when?: string }[];
  /** The tasks (tasks.step) its workflows open, each completed through a form of that name. */
  tasks: Record<TaskStep, TaskStepDef>;
  /** Event types only this process writes (shared ones are in domain/events.ts). */
  events: readonly Event[];
  /** Its own API resources and who may do what with them (merged into domain/permissions.ts). */
  permissions?: Partial<Record<Role, Partial<Record<Resource, readonly string[]>>>>;
}

export interface CaseStepDef<TaskStep extends string = string> {
  /** `person`: the case waits for a task; `system`: for workflows and timers; `end`: closed. */
  kind: 'person' | 'system' | 'end';
  numbered?: boolean;
  /** The task a person step opens. */
  task?: TaskStep;
}

export interface TaskStepDef {
  /** Who is offered the task when the workflow does not name people (the policy may add roles). */
  roles: readonly Role[];
}

/** Checks the graph's own consistency: every step reachable and every arrow between known steps. */
export function graphProblems(process: ProcessDescriptor): string[] {
  const steps = Object.keys(process.steps);
  const problems: string[] = [];
  for (const edge of process.edges) {
    for (const end of [edge.from, edge.to]) if (!steps.includes(end)) problems.push(`${process.id}: arrow ${edge.from} → ${edge.to} names no step ${end}`);
  }
  const reached = new Set([process.start]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const edge of process.edges) {
      if (reached.has(edge.from) && !reached.has(edge.to)) {
        reached.add(edge.to);
        grew = true;
      }
    }
  }
  for (const step of steps) if (!reached.has(step)) problems.push(`${process.id}: step ${step} has no place in the graph (unreachable from ${process.start})`);
  for (const [step, def] of Object.entries(process.steps)) {
    const leaves = process.edges.some((edge) => edge.from === step);
    if (def.kind === 'end' && leaves) problems.push(`${process.id}: end step ${step} has arrows out`);
    if (def.kind !== 'end' && !leaves) problems.push(`${process.id}: step ${step} leads nowhere and is not an end`);
    if (def.kind === 'person' && !def.task) problems.push(`${process.id}: person step ${step} names no task`);
    if (def.task && !Object.hasOwn(process.tasks, def.task)) problems.push(`${process.id}: step ${step} opens unknown task ${def.task}`);
  }
  return problems;
}
