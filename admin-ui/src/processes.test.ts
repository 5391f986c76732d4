import { EVENT_TYPES } from '../../domain/events';
import { PROCESSES, TASK_STEPS } from '../../domain/processes';
import en from './i18n/en';
import zhCN from './i18n/zh-CN';

function has(catalog: object, key: string): boolean {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.trim() !== '';
}

/** Every label the back office shows for a registered process, by catalog key. */
function labelsOfProcesses(): string[] {
  return PROCESSES.flatMap((process) => [
    `app.processes.${process.id}.name`,
    `app.processes.${process.id}.description`,
    `app.case_type.${process.caseType}`,
    ...Object.keys(process.steps).map((step) => `app.steps.${step}`),
    // A numbered step's name for all its instances (the case list's step filter).
    ...Object.entries(process.steps).flatMap(([step, def]) => ((def as { numbered?: boolean }).numbered ? [`app.steps_any.${step}`] : [])),
    ...Object.keys(process.tasks).map((task) => `app.steps.${task}`),
    ...process.edges.flatMap((edge) => ('when' in edge && edge.when ? [`app.graph.${edge.when}`] : [])),
  ]);
}

describe('each registered process in the back office', () => {
  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ] as const)('has every label in %s', (_language, catalog) => {
    expect(labelsOfProcesses().filter((key) => !has(catalog, key))).toEqual([]);
  });

  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ] as const)('names every event type in %s', (_language, catalog) => {
    expect(EVENT_TYPES.map((type) => `app.events.${type}`).filter((key) => !has(catalog, key))).toEqual([]);
  });

  it('names every kind of task (each has its form: tasks/forms/index.ts is typed by them)', () => {
    expect(TASK_STEPS.filter((step) => !has(en, `app.steps.${step}`) || !has(zhCN, `app.steps.${step}`))).toEqual([]);
  });
});
