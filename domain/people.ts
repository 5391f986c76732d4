/**
 * Keys of task payloads, results and event data whose values are user ids (one or a list).
 * The API names them (a `people` map of id → display name) and the back office shows the
 * names: people by name, never by id.
 */
export const PERSON_KEYS = [
  'applicantId',
  'by',
  'byUserId',
  'to',
  'actingFor',
  'reassignedTo',
  'notified',
  'throttled',
  // A repair order's urge (repair.urged): the handlers texted and the supervisor notified.
  'texted',
  'supervisorNotified',
  // A repair order's dispatch (the dispatcher's result, repair.dispatched).
  'crewUserId',
  'candidateUserIds',
  'userId',
  'completedById',
  // A relocation order's audit task: the clerk who accepted it (and may not audit it).
  'acceptedById',
] as const;
export type PersonKey = (typeof PERSON_KEYS)[number];

export const isPersonKey = (key: string): key is PersonKey => (PERSON_KEYS as readonly string[]).includes(key);

const isUserId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** The user ids under person keys anywhere in `values`, and those of `user:<id>` actors. */
export function personIdsIn(values: unknown[], actors: Array<string | null | undefined> = []): number[] {
  const ids = new Set<number>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (isPersonKey(key)) for (const id of Array.isArray(inner) ? inner : [inner]) if (isUserId(id)) ids.add(id);
      walk(inner);
    }
  };
  values.forEach(walk);
  for (const actor of actors) {
    const id = actorUserId(actor);
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The user behind an event's actor ("user:7"), if a person acted. */
export function actorUserId(actor: string | null | undefined): number | undefined {
  const match = /^user:(\d{1,10})$/.exec(actor ?? '');
  return match ? Number(match[1]) : undefined;
}
