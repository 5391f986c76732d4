import type { Db } from '../connection';
import type { Role } from '../../domain/permissions';
import { DEFAULT_DISCONNECTION_POLICY } from '../../domain/disconnection/policy';
import { insertCustomer } from './customers';
import { seedRepairDevices } from './repair';
import { seedRepairCrews } from './repair-crews';
import { seedInstallTeams } from './relocation';
import { seedTelephony } from './telephony';
import { insertUser } from './users';

export const DEMO_SITE = 'demo-site';
export const DEMO_LINE = 'line-1';

/** Meters on the demo site's simulated line, as the simulator must serve them. */
/** Everyone in the demo logs in with this password; `npm start` prints it. */
export const DEMO_PASSWORD = 'gridflow-demo';

/** One demo user per role, named after it (admin, collector, approver, ...). */
const DEMO_USERS: Array<{ username: Role; displayName: string; phone?: string }> = [
  { username: 'admin', displayName: '系统管理员' },
  { username: 'dispatcher', displayName: '周派单', phone: '13900000010' },
  { username: 'collector', displayName: '李催费', phone: '13900000001' },
  { username: 'approver', displayName: '陈审批' },
  { username: 'executor', displayName: '赵执行', phone: '13900000002' },
  { username: 'crew', displayName: '孙维修' },
  { username: 'agent', displayName: '吴座席' },
  { username: 'cashier', displayName: '郑收费' },
  { username: 'clerk', displayName: '刘营业' },
  { username: 'checker', displayName: '何稽核' },
  { username: 'auditor', displayName: '钱稽核' },
  { username: 'designer', displayName: '冯设计' },
];

export const DEMO_METERS = [
  { address: '000000000001', relayOpen: true },
  { address: '000000000002', relayOpen: true },
  { address: '000000000003', relayOpen: false },
  { address: '000000000006', relayOpen: false },
  { address: '000000000007', relayOpen: false },
];

/**
 * A small world for `npm start`: one disconnected customer in arrears who pays and is
 * reconnected remotely, one who is not eligible (collector goes on site), one connected;
 * and two connected customers in arrears to apply for disconnection, one of them protected.
 * Does nothing when customers exist already; one transaction, so a start killed midway
 * leaves nothing half-seeded for the next start to trip over.
 */
export async function seedDemoData(db: Db): Promise<{ payToReconnect: { customerNo: string; accountNo: string; arrears: string } } | undefined> {
  return db.transaction((trx) => seedInto(trx));
}

async function seedInto(db: Db): Promise<{ payToReconnect: { customerNo: string; accountNo: string; arrears: string } } | undefined> {
  const { count } = (await db('customers').count({ count: '*' }).first()) as { count: string | number };
  if (Number(count) > 0) return undefined;
  const userIds = new Map<string, number>();
  for (const user of DEMO_USERS) {
    const supervisorId = user.username === 'dispatcher' || user.username === 'admin' ? null : userIds.get('dispatcher');
    userIds.set(user.username, await insertUser(db, { ...user, roles: [user.username], password: DEMO_PASSWORD, supervisorId }));
  }
  const segment = { code: 'SEG-DEMO-01', name: '幸福街道抄表段', collectorName: '李催费', collectorPhone: '13900000001' };
  const demo = await insertCustomer(db, {
    customerNo: '3100000001',
    name: '王小明',
    address: '幸福街道 12 号 3 单元 501',
    phone: '13800000001',
    segment,
    supplyStatus: 'disconnected',
    remoteReconnectEligible: true,
    meter: { address: '000000000001', site: DEMO_SITE, line: DEMO_LINE },
    dueBillsFen: [12850],
  });
  await insertCustomer(db, {
    customerNo: '3100000002',
    name: '赵阿姨',
    address: '幸福街道 14 号 1 单元 102',
    phone: '13800000002',
    segment,
    supplyStatus: 'disconnected',
    remoteReconnectEligible: false,
    meter: { address: '000000000002', site: DEMO_SITE, line: DEMO_LINE },
    dueBillsFen: [4520],
  });
  await insertCustomer(db, {
    customerNo: '3100000003',
    name: '陈先生',
    address: '幸福街道 16 号 2 单元 301',
    segment,
    supplyStatus: 'connected',
    meter: { address: '000000000003', site: DEMO_SITE, line: DEMO_LINE },
  });
  await insertCustomer(db, {
    customerNo: '3100000006',
    name: '刘女士',
    address: '幸福街道 18 号 1 单元 402',
    phone: '13800000006',
    segment,
    supplyStatus: 'connected',
    meter: { address: '000000000006', site: DEMO_SITE, line: DEMO_LINE },
    dueBillsFen: [21030, 14650],
  });
  const oxygen = await insertCustomer(db, {
    customerNo: '3100000007',
    name: '孙大爷',
    address: '幸福街道 20 号 3 单元 101',
    phone: '13800000007',
    segment,
    supplyStatus: 'connected',
    protected: true,
    meter: { address: '000000000007', site: DEMO_SITE, line: DEMO_LINE },
    dueBillsFen: [18800],
  });
  await db('customers').where({ id: oxygen.customerId }).update({ protection_reason: '居家制氧机 home oxygen concentrator' });
  await db('segments').where({ code: segment.code }).update({ collector_user_id: userIds.get('collector') });
  // The manual's day of notice would leave the demo waiting till tomorrow; designers can change it under settings.
  await db('settings').where({ key: 'disconnection' }).update({ value: JSON.stringify({ ...DEFAULT_DISCONNECTION_POLICY, preNoticeMinutes: 2 }) });
  await seedTelephony(db, { updatedById: userIds.get('designer') });
  await seedInstallTeams(db, { memberIds: [userIds.get('crew')!] });
  await seedRepairDevices(db, { updatedById: userIds.get('designer') });
  await seedRepairCrews(db, { memberIds: [userIds.get('crew')!] });
  return { payToReconnect: { customerNo: demo.customerNo, accountNo: demo.accountNo, arrears: '128.50' } };
}
