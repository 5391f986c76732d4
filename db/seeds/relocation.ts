import type { Db } from '../connection';
import { DEMO_EXCHANGES } from './telephony';

/** One installation team (装机班) per demo exchange, named after it. */
export const DEMO_INSTALL_TEAMS = DEMO_EXCHANGES.map((exchange) => ({ code: `T-${exchange.code}`, name: `${exchange.name}装机班`, exchangeCode: exchange.code }));

/**
 * The demo's installation teams, one per exchange, with the given members (the demo crew
 * member) in each. Deterministic; does nothing when a team exists already, or when the
 * exchanges are not seeded.
 */
export async function seedInstallTeams(db: Db, options: { memberIds?: number[] } = {}): Promise<void> {
  const { count } = (await db('install_teams').count({ count: '*' }).first()) as { count: string | number };
  if (Number(count) > 0) return;
  const exchanges = new Set<string>(await db('exchanges').pluck('code'));
  const teams = DEMO_INSTALL_TEAMS.filter((team) => exchanges.has(team.exchangeCode));
  if (teams.length === 0) return;
  await db('install_teams').insert(teams.map((team) => ({ code: team.code, name: team.name, exchange_code: team.exchangeCode })));
  const members = teams.flatMap((team) => (options.memberIds ?? []).map((userId) => ({ team_code: team.code, user_id: userId })));
  if (members.length > 0) await db('install_team_members').insert(members);
}
