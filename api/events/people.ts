import type { Db } from '../../db/connection';
import { actorUserId, personIdsIn } from '../../domain/people';

/** id → display name of the people `values` and `actors` refer to, so clients show names, not ids. */
export async function peopleIn(db: Db, values: unknown[], actors: Array<string | null | undefined> = []): Promise<Record<string, string>> {
  const ids = personIdsIn(values, actors);
  if (ids.length === 0) return {};
  const rows: Array<{ id: number; display_name: string }> = await db('users').whereIn('id', ids).select('id', 'display_name');
  return Object.fromEntries(rows.map((row) => [String(row.id), row.display_name]));
}

/** An event or timeline entry as shown to people: the acting person's name and the people its data names. */
export function withNames<E extends { actor: string; data: unknown }>(entry: E, people: Record<string, string>): E & { actorName: string | null; people: Record<string, string> } {
  const actorId = actorUserId(entry.actor);
  const own = personIdsIn([entry.data]);
  return {
    ...entry,
    actorName: actorId !== undefined ? (people[String(actorId)] ?? null) : null,
    people: Object.fromEntries(own.filter((id) => people[String(id)] !== undefined).map((id) => [String(id), people[String(id)]!])),
  };
}
