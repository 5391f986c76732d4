/**
 * What a new version changes against the one before it, field by field, for the version
 * history and the `policy.published` event. Objects are compared key by key; a list of
 * objects of the same length (approval levels, escalation steps) item by item, so that one
 * level's SLA shows as that level's change; any other list (holidays, roles) as a whole.
 */
export interface PolicyChange {
  /** Field names from the policy's root; a list item's index as text ("0"). */
  path: string[];
  /** Absent (undefined) when the field is new. */
  from: unknown;
  /** Absent (undefined) when the field was dropped. */
  to: unknown;
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return false;
}

export function diffPolicies(from: unknown, to: unknown, path: string[] = []): PolicyChange[] {
  if (sameValue(from, to)) return [];
  if (isPlain(from) && isPlain(to)) {
    const keys = [...Object.keys(from), ...Object.keys(to).filter((key) => !Object.hasOwn(from, key))];
    return keys.flatMap((key) => diffPolicies(from[key], to[key], [...path, key]));
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length && [...from, ...to].every(isPlain)) {
    return from.flatMap((item, i) => diffPolicies(item, to[i], [...path, String(i)]));
  }
  return [{ path, from, to }];
}
