import { BAD_REVIEW_REASONS, RATED_PROCESSES, RATING_SOURCES, REVISIT_OUTCOMES, REVISIT_STATES, revisitRecord } from '../../../domain/contracts/revisit';
import { revisitProcess } from '../../../domain/revisit/process';
import { DEFAULT_REVISIT_POLICY } from '../../../domain/revisit/policy';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import * as formParts from './forms/messages';
import * as screenParts from './messages';

function at(catalog: object, key: string): unknown {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
const missing = (catalog: object, keys: string[]) => keys.filter((key) => typeof at(catalog, key) !== 'string' || String(at(catalog, key)).trim() === '');
const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : []);

/** Every key the revisit tasks' payloads and results and its events' data carry (workflows/revisit, activities/revisit, db/queries/ratings). */
const DATA_KEYS = [
  // The tasks' payloads.
  'revisitNo', 'process', 'orderNo', 'customerNo', 'customerName', 'contactPhone', 'rating', 'comment', 'badReasons', 'attempt', 'attemptsAllowed',
  'causeCode', 'said', 'action', 'responsible', 'attempts', 'supervisorName', 'recoveryNote',
  // The results and the events.
  'outcome', 'note', 'recovered', 'ratingId', 'source', 'bad', 'keyword', 'ratedOrderNo', 'reasons',
];

const CATALOGS = [
  ['zh-CN', zhCN],
  ['en', en],
] as const;

describe.each(CATALOGS)('the revisit words in %s', (_language, catalog) => {
  it('word every cause code of the default tree', () => {
    const codes = DEFAULT_REVISIT_POLICY.causes.flatMap((top) => [top.code, ...top.children.map((child) => child.code)]);
    expect(missing(catalog, codes.map((code) => `app.revisit.cause.${code}`))).toEqual([]);
  });

  it('label every key of the tasks and events and word every code they carry', () => {
    expect(missing(catalog, DATA_KEYS.map((key) => `app.data.${key}`))).toEqual([]);
    expect(missing(catalog, [
      ...RATED_PROCESSES.map((code) => `app.data_values.process.${code}`),
      ...BAD_REVIEW_REASONS.flatMap((code) => [`app.data_values.badReasons.${code}`, `app.data_values.reasons.${code}`]),
      ...RATING_SOURCES.map((code) => `app.data_values.source.${code}`),
      ...[...REVISIT_OUTCOMES, 'no-answer', 'reached'].map((code) => `app.data_values.outcome.${code}`),
    ])).toEqual([]);
  });

  it("keep relocation's words for the keys both processes use", () => {
    expect(missing(catalog, ['app.data_values.outcome.installed', 'app.data_values.outcome.not-installed', 'app.data_values.reasons.sample', 'app.data_values.reasons.fee_overridden'])).toEqual([]);
  });

  it('word every state, outcome, process, reason and source on the screens', () => {
    expect(missing(catalog, [
      ...REVISIT_STATES.map((code) => `app.revisit.state.${code}`),
      ...REVISIT_OUTCOMES.map((code) => `app.revisit.outcome.${code}`),
      ...RATED_PROCESSES.map((code) => `app.revisit.process.${code}`),
      ...BAD_REVIEW_REASONS.map((code) => `app.revisit.reason.${code}`),
      ...RATING_SOURCES.map((code) => `app.revisit.source.${code}`),
    ])).toEqual([]);
  });

  it("label every field of a revisit and its ratings but the customer's id", () => {
    const fields = Object.keys(revisitRecord.shape).filter((field) => field !== 'customerId');
    const ratingFields = Object.keys(revisitRecord.shape.ratings.element.shape).filter((field) => field !== 'id');
    expect(missing(catalog, [...fields, ...ratingFields].map((field) => `resources.revisits.fields.${field}`))).toEqual([]);
  });

  it("have the tasks' title and routing with the workflow's parameters", () => {
    expect(String(at(catalog, 'app.task_title.revisit-case'))).toEqual(expect.stringContaining('%{revisitNo}'));
    expect(String(at(catalog, 'app.task_title.revisit-case'))).toEqual(expect.stringContaining('%{customerName}'));
    expect(String(at(catalog, 'app.task_routing.revisit-supervisor'))).toEqual(expect.stringContaining('%{supervisorName}'));
    expect(String(at(catalog, 'app.task_routing.revisit-roles'))).toEqual(expect.stringContaining('%{roles}'));
  });

  it('word the refusals of the revisit forms', () => {
    expect(missing(catalog, ['CAUSE_UNKNOWN', 'TEXT_LENGTH', 'OUTCOME_INVALID', 'NOTE_TOO_LONG', 'FORM_SHAPE', 'UNSTORABLE_TEXT'].map((code) => `app.errors.reasons.${code}`))).toEqual([]);
  });

  it("name the process's events", () => {
    expect(missing(catalog, revisitProcess.events.map((type) => `app.events.${type}`))).toEqual([]);
  });
});

describe('one language at a time', () => {
  const parts = (suffix: 'En' | 'ZhCN') =>
    Object.entries({ ...formParts, ...screenParts })
      .filter(([name]) => name.endsWith(suffix) && !name.endsWith(`${suffix === 'En' ? 'ZhCN' : 'En'}`))
      .flatMap(([, value]) => strings(value));

  it('reads every part of both languages', () => {
    expect(parts('En').length).toBeGreaterThan(150);
    expect(parts('ZhCN')).toHaveLength(parts('En').length);
  });

  it('has no Chinese in the English parts', () => {
    // The default causes' Chinese names are the designer's data, not the catalog's: none of them here.
    expect(parts('En').filter((text) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(text))).toEqual([]);
  });

  it('has no English in the Chinese parts, placeholders aside', () => {
    expect(parts('ZhCN').filter((text) => /[A-Za-z]/.test(text.replace(/%\{\w+\}/g, '')))).toEqual([]);
  });
});
