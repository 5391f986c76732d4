/**
 * Which version of a policy is in force: the one that took effect last. A version published
 * for later (effectiveAt in the future) is pending until then; two versions taking effect at
 * the same moment are settled by the later version number.
 */
export interface VersionTiming {
  version: number;
  effectiveAt: Date | string | number;
}

const timeOf = (value: Date | string | number): number => (value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value));

/** The version in force at `now` among one key's versions, or undefined if none has taken effect. */
export function versionInForce<V extends VersionTiming>(versions: readonly V[], now: number): V | undefined {
  let best: V | undefined;
  for (const candidate of versions) {
    const at = timeOf(candidate.effectiveAt);
    if (at > now) continue;
    if (!best) {
      best = candidate;
      continue;
    }
    const bestAt = timeOf(best.effectiveAt);
    if (at > bestAt || (at === bestAt && candidate.version > best.version)) best = candidate;
  }
  return best;
}

export function isPending(version: VersionTiming, now: number): boolean {
  return timeOf(version.effectiveAt) > now;
}
