/**
 * The part of JSON Schema the policies' schemas use (GET /api/policies/schema/:key, made by
 * zod's toJSONSchema on the input side), and the pure rules the generated form follows.
 */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

/** A schema with its `$ref` (to `#/$defs/…` of the root) followed. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(current.$ref);
    const target = match ? root[match[1] as '$defs' | 'definitions']?.[decodeURIComponent(match[2]!)] : undefined;
    if (!target) break;
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([key]) => key !== '$ref')) };
  }
  return current;
}

/** The alternatives of a union, if the schema is one. */
export function alternativesOf(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.anyOf ?? schema.oneOf;
}

/** Whether a field holds other labelled fields (its own label is then `<path>._`). */
export function isGroup(schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = resolve(schema, root);
  if (resolved.type === 'array' && resolved.items) return isGroup(resolved.items, root);
  if (resolved.properties) return true;
  return (alternativesOf(resolved) ?? []).some((alternative) => resolve(alternative, root).properties !== undefined);
}

/** Catalog key of a field's label: `app.policy_fields.<key>.<path without indexes>`, `._` for a group. */
export function fieldLabelKey(policyKey: string, path: readonly (string | number)[], group: boolean): string {
  const names = path.filter((part): part is string => typeof part === 'string' && !/^\d+$/.test(part));
  return ['app.policy_fields', policyKey, ...names, ...(group ? ['_'] : [])].join('.');
}

/** Every field a form built from this schema shows (union members' fields included), by path without indexes. */
export function fieldsOf(root: JsonSchema): { path: string[]; group: boolean }[] {
  const found = new Map<string, { path: string[]; group: boolean }>();
  const walk = (schema: JsonSchema, path: string[]) => {
    const resolved = resolve(schema, root);
    if (resolved.type === 'array' && resolved.items) return walk(resolved.items, path);
    for (const alternative of alternativesOf(resolved) ?? []) walk(alternative, path);
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      const childPath = [...path, name];
      found.set(childPath.join('.'), { path: childPath, group: isGroup(child, root) });
      walk(child, childPath);
    }
  };
  walk(root, []);
  return [...found.values()];
}

/** Every word a field may take (enums and constants), which the form shows by its label. */
export function wordsOf(root: JsonSchema): string[] {
  const words = new Set<string>();
  const walk = (schema: JsonSchema) => {
    const resolved = resolve(schema, root);
    for (const value of [...(resolved.enum ?? []), ...(resolved.const === undefined ? [] : [resolved.const])]) {
      if (typeof value === 'string') words.add(value);
    }
    if (resolved.items) walk(resolved.items);
    for (const alternative of alternativesOf(resolved) ?? []) walk(alternative);
    for (const child of Object.values(resolved.properties ?? {})) walk(child);
  };
  walk(root);
  return [...words];
}

/** The union member a value is: the one whose fields it has (escalation actions differ by field). */
export function memberOf(alternatives: readonly JsonSchema[], value: unknown, root: JsonSchema): number {
  if (typeof value !== 'object' || value === null) return 0;
  const keys = Object.keys(value);
  const index = alternatives.findIndex((alternative) => {
    const properties = Object.keys(resolve(alternative, root).properties ?? {});
    return keys.length > 0 && keys.every((key) => properties.includes(key));
  });
  return Math.max(index, 0);
}

/** A fresh value for a new list item or a newly chosen union member: defaults, constants, first choices. */
export function emptyValue(schema: JsonSchema, root: JsonSchema): unknown {
  const resolved = resolve(schema, root);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (resolved.const !== undefined) return resolved.const;
  const alternatives = alternativesOf(resolved);
  if (alternatives?.[0]) return emptyValue(alternatives[0], root);
  switch (resolved.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(resolved.properties ?? {})
          .filter(([name]) => resolved.required?.includes(name))
          .map(([name, child]) => [name, emptyValue(child, root)]),
      );
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return resolved.minimum ?? 0;
    case 'string':
      return resolved.enum?.[0] ?? '';
    default:
      return undefined;
  }
}

/** A copy of `value` with `next` at `path` (the form's state is one plain value). */
export function setAt(value: unknown, path: readonly (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setAt(copy[head as number], rest, next);
    return copy;
  }
  const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const copy = { ...object, [head]: setAt(object[head], rest, next) };
  if (copy[head] === undefined) delete copy[head];
  return copy;
}
