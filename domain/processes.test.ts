import { EVENT_TYPES, SHARED_EVENT_TYPES } from './events';
import { PERMISSIONS, RESOURCE_ACTIONS } from './permissions';
import { graphProblems, type ProcessDescriptor } from './process';
import { parseStepInstance, processById, PROCESSES, processOfCaseType, processOfTaskStep, TASK_STEPS } from './processes';

describe('the process registry', () => {
  it.each(PROCESSES.map((process) => [process.id, process] as const))('%s: every step has its place in the graph', (_id, process) => {
    expect(graphProblems(process)).toEqual([]);
  });

  it('names each process, case type, task step and event once', () => {
    const once = (names: readonly string[]) => names.filter((name, i) => names.indexOf(name) !== i);
    expect(once(PROCESSES.map((process) => process.id))).toEqual([]);
    expect(once(PROCESSES.map((process) => process.caseType))).toEqual([]);
    expect(once(TASK_STEPS)).toEqual([]);
    expect(once(EVENT_TYPES)).toEqual([]);
  });

  it('grants only resources and actions the permission table knows, to roles it knows', () => {
    const problems = (PROCESSES as readonly ProcessDescriptor[]).flatMap((process) =>
      Object.entries(process.permissions ?? {}).flatMap(([role, grants]) =>
        Object.entries(grants ?? {}).flatMap(([resource, actions]) => {
          if (!Object.hasOwn(PERMISSIONS, role)) return [`${process.id}: no role ${role}`];
          if (!Object.hasOwn(RESOURCE_ACTIONS, resource)) return [`${process.id}: resource ${resource} has no row in domain/permissions.ts`];
          const known = RESOURCE_ACTIONS[resource as keyof typeof RESOURCE_ACTIONS] as readonly string[];
          return (actions ?? []).filter((action) => !known.includes(action)).map((action) => `${process.id}: ${resource} has no action ${action}`);
        }),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('finds a case\'s process by its type and a task\'s by its step', () => {
    expect(processOfCaseType('disconnection')?.id).toBe('disconnection');
    expect(processOfCaseType('toString')).toBeUndefined();
    expect(processOfTaskStep('manual-reconnection')?.id).toBe('reconnection');
    expect(processOfTaskStep('constructor')).toBeUndefined();
  });

  it('reads numbered steps back only where the process numbers them', () => {
    const disconnection = processById('disconnection');
    expect(parseStepInstance(disconnection, 'approval-2')).toEqual({ step: 'approval', n: 2 });
    expect(parseStepInstance(disconnection, 'pre-notice')).toEqual({ step: 'pre-notice' });
    expect(parseStepInstance(disconnection, 'archived-2')).toBeUndefined();
    expect(parseStepInstance(disconnection, 'close-command-1')).toBeUndefined();
    expect(parseStepInstance(processById('reconnection'), 'close-command-3')).toEqual({ step: 'close-command', n: 3 });
  });

  it('keeps the shared events apart from the processes\' own', () => {
    const own = PROCESSES.flatMap((process) => process.events);
    expect(own.filter((type) => (SHARED_EVENT_TYPES as readonly string[]).includes(type))).toEqual([]);
  });
});
