import { z } from 'zod/v4';
import { ROLES } from '../../../domain/permissions';
import { POLICY_SCHEMAS } from '../../../domain/policies/keys';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { fieldLabelKey, fieldsOf, wordsOf, type JsonSchema } from './schema';

// The schemas the API serves at GET /api/policies/schema/:key (input side: defaulted fields optional).
const SCHEMAS: Record<string, z.ZodType> = POLICY_SCHEMAS;

function has(catalog: object, key: string): boolean {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.trim() !== '';
}

const jsonSchemaOf = (key: string) => z.toJSONSchema(SCHEMAS[key]!, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe.each([
  ['zh-CN', zhCN],
  ['en', en],
] as const)('the policy form in %s', (_language, catalog) => {
  it.each(Object.keys(SCHEMAS))('labels every field of the %s policy', (key) => {
    const keys = fieldsOf(jsonSchemaOf(key)).map(({ path, group }) => fieldLabelKey(key, path, group));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((label) => !has(catalog, label))).toEqual([]);
  });

  it.each(Object.keys(SCHEMAS))('names every word a field of the %s policy takes', (key) => {
    const unnamed = wordsOf(jsonSchemaOf(key)).filter((word) => !((ROLES as readonly string[]).includes(word) ? has(catalog, `app.roles.${word}`) : has(catalog, `app.policy_values.${word}`)));
    expect(unnamed).toEqual([]);
  });

  it.each(Object.keys(SCHEMAS))('names the %s policy itself', (key) => {
    expect(has(catalog, `app.policy_key.${key}`)).toBe(true);
  });
});
