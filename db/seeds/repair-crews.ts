import type { Db } from '../connection';

/** The demo's repair crews (维修班组): the demo crew member is in the first; the second is empty until someone joins it. */
export const DEMO_REPAIR_CREWS = [
  { code: 'cd-01', name: '城东抢修班' },
  { code: 'cx-01', name: '城西抢修班' },
] as const;

/**
 * The demo's two repair crews, the given members (the demo crew member) in the first.
 * Deterministic; does nothing when a crew exists already.
 */
export async function seedRepairCrews(db: Db, options: { memberIds?: number[] } = {}): Promise<void> {
  const { count } = (await db('repair_crews').count({ count: '*' }).first()) as { count: string | number };
  if (Number(count) > 0) return;
  await db('repair_crews').insert(DEMO_REPAIR_CREWS.map((crew) => ({ code: crew.code, name: crew.name })));
  const members = (options.memberIds ?? []).map((userId) => ({ crew_code: DEMO_REPAIR_CREWS[0].code, user_id: userId }));
  if (members.length > 0) await db('repair_crew_members').insert(members);
}
