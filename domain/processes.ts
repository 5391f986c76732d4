import { disconnectionProcess } from './disconnection/process';
import type { ProcessDescriptor } from './process';
import { reconnectionProcess } from './reconnection/process';
import { relocationProcess } from './relocation/process';
import { repairProcess } from './repair/process';
import { revisitProcess } from './revisit/process';

/**
 * The registry: every process Gridflow runs, each declared once in its own folder. The
 * workers, the API, the permission table, the catalogue and the back office read this list;
 * adding a process is its folders plus one line here (see docs/adding-a-process.md).
 */
export const PROCESSES = [disconnectionProcess, reconnectionProcess, repairProcess, relocationProcess, revisitProcess] as const;

type Registered = (typeof PROCESSES)[number];
export type ProcessId = Registered['id'];
export type CaseType = Registered['caseType'];
/** A step of one process's graph (without the number a repeated step carries). */
export type CaseStep<P extends ProcessId = ProcessId> = { [K in P]: keyof Extract<Registered, { id: K }>['steps'] & string }[P];
/** What `cases.current_step` holds: a step, or a numbered step's `<step>-<n>`. */
export type CaseStepInstance<P extends ProcessId = ProcessId> = CaseStep<P> | `${CaseStep<P>}-${number}`;
/** `tasks.step`: the kinds of task any process opens. */
export type TaskStep = { [P in ProcessId]: keyof Extract<Registered, { id: P }>['tasks'] & string }[ProcessId];

export const PROCESS_IDS: readonly ProcessId[] = PROCESSES.map((process) => process.id);

export function isProcessId(value: unknown): value is ProcessId {
  return typeof value === 'string' && (PROCESS_IDS as readonly string[]).includes(value);
}

export function processById(id: ProcessId): ProcessDescriptor<ProcessId> {
  return PROCESSES.find((process) => process.id === id)!;
}

/** The process whose cases have this type, if any. */
export function processOfCaseType(caseType: string): ProcessDescriptor<ProcessId> | undefined {
  return PROCESSES.find((process) => process.caseType === caseType);
}

/** The process that opens this kind of task, if any. */
export function processOfTaskStep(taskStep: string): ProcessDescriptor<ProcessId> | undefined {
  return PROCESSES.find((process) => Object.hasOwn(process.tasks, taskStep));
}

export const TASK_STEPS: readonly TaskStep[] = PROCESSES.flatMap((process) => Object.keys(process.tasks) as TaskStep[]);

/** The instance name of a step: `approval` level 2 is stored as `approval-2`. */
export function stepInstance<P extends ProcessId>(_process: P, step: CaseStep<P>, n?: number): CaseStepInstance<P> {
  return (n === undefined ? step : `${step}-${n}`) as CaseStepInstance<P>;
}

/**
 * Reads `cases.current_step` back into its step and number, against the process's own steps
 * (so a step whose name ends in digits is not mistaken for a numbered one).
 */
export function parseStepInstance(process: ProcessDescriptor, value: string): { step: string; n?: number } | undefined {
  if (Object.hasOwn(process.steps, value)) return { step: value };
  const numbered = /^(.+)-(\d+)$/.exec(value);
  if (numbered && Object.hasOwn(process.steps, numbered[1]!) && (process.steps as Record<string, { numbered?: boolean }>)[numbered[1]!]!.numbered) {
    return { step: numbered[1]!, n: Number(numbered[2]) };
  }
  return undefined;
}
