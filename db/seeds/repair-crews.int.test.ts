import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { seedDemoData } from './demo';
import { seedRepairCrews } from './repair-crews';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it('seeds two repair crews with the demo crew member in the first, once', async () => {
  await seedDemoData(t.db);
  const crews = await t.db('repair_crews as c')
    .leftJoin('repair_crew_members as m', 'm.crew_code', 'c.code')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .orderBy('c.code')
    .select('c.code', 'c.name', 'c.active', 'u.username');
  expect(crews).toEqual([
    { code: 'cd-01', name: '城东抢修班', active: true, username: 'crew' },
    { code: 'cx-01', name: '城西抢修班', active: true, username: null },
  ]);
  await seedRepairCrews(t.db, { memberIds: [1] });
  expect(Number((await t.db('repair_crew_members').count('* as n').first())!.n)).toBe(1);
});

it('keeps crew codes to lower-case letters, digits and -', async () => {
  await expect(t.db('repair_crews').insert({ code: 'East Team', name: '东' })).rejects.toThrow(/repair_crews_code_check/);
});
