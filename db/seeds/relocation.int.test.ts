import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { seedDemoData } from './demo';
import { seedInstallTeams } from './relocation';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it('seeds one installation team per demo exchange with the demo crew member in each, once', async () => {
  await seedDemoData(t.db);
  const teams = await t.db('install_teams as t')
    .leftJoin('install_team_members as m', 'm.team_code', 't.code')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .orderBy('t.code')
    .select('t.code', 't.name', 't.exchange_code', 'u.username');
  expect(teams).toEqual([
    { code: 'T-DC', name: '东城局装机班', exchange_code: 'DC', username: 'crew' },
    { code: 'T-XC', name: '西城局装机班', exchange_code: 'XC', username: 'crew' },
  ]);
  await seedInstallTeams(t.db, { memberIds: [1] });
  expect(Number((await t.db('install_team_members').count('* as n').first())!.n)).toBe(2);
});
