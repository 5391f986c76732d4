import type { Db } from '../connection';

/** The line types of the fixed-line manual: A 甲种 (a private residence), B 乙种 (everyone else). */
export type DemoLineType = 'A' | 'B';

/**
 * The demo's two exchanges (局站): the street prefixes each covers (an address under none of
 * them, such as 新区大道, needs the clerk's manual choice) and the block its numbers come from.
 */
export const DEMO_EXCHANGES = [
  { code: 'DC', name: '东城局', numberBlock: '6510', addressPrefixes: ['幸福街道', '建设路', '解放路'] },
  { code: 'XC', name: '西城局', numberBlock: '6620', addressPrefixes: ['和平路', '人民路', '西关街'] },
] as const;

/** Numbers of each exchange's block that look good on the choosing screen's pattern search. */
const DEMO_NICE_SUFFIXES = ['1688', '6688', '8888'];
/** The numbers counted up from here are free; the two below it are in quarantine. */
const DEMO_FREE_FROM = 100;
const DEMO_FREE_COUNT = 40;
const DEMO_QUARANTINE_DAYS = 30;

/**
 * The demo customers' telephone lines: four private residences (A) in 东城局, a shop (B) in
 * 西城局; 陈先生 (3100000003) is from outside the area (异地客户), so a relocation of his
 * line asks for a local guarantor or a deposit.
 */
export const DEMO_SERVICE_ACCOUNTS: ReadonlyArray<{
  serviceNo: string;
  customerNo: string;
  lineType: DemoLineType;
  exchangeCode: (typeof DEMO_EXCHANGES)[number]['code'];
  address: string;
  pricingPlan: string;
  local: boolean;
}> = [
  { serviceNo: '65100001', customerNo: '3100000001', lineType: 'A', exchangeCode: 'DC', address: '幸福街道 12 号 3 单元 501', pricingPlan: 'residential-basic', local: true },
  { serviceNo: '65100002', customerNo: '3100000002', lineType: 'A', exchangeCode: 'DC', address: '幸福街道 14 号 1 单元 102', pricingPlan: 'residential-basic', local: true },
  { serviceNo: '65100003', customerNo: '3100000003', lineType: 'A', exchangeCode: 'DC', address: '幸福街道 16 号 2 单元 301', pricingPlan: 'residential-basic', local: false },
  { serviceNo: '65100007', customerNo: '3100000007', lineType: 'A', exchangeCode: 'DC', address: '幸福街道 20 号 3 单元 101', pricingPlan: 'residential-senior', local: true },
  { serviceNo: '66200006', customerNo: '3100000006', lineType: 'B', exchangeCode: 'XC', address: '和平路 8 号 刘记便利店', pricingPlan: 'business-basic', local: true },
];

/**
 * The telephone side of the demo: exchanges, their address prefixes, number pools (free,
 * quarantined, in use) and the demo customers' lines. Deterministic; does nothing when an
 * exchange exists already. Lines of demo customers that are missing are left out.
 */
export async function seedTelephony(db: Db, options: { updatedById?: number } = {}): Promise<void> {
  const { count } = (await db('exchanges').count({ count: '*' }).first()) as { count: string | number };
  if (Number(count) > 0) return;
  for (const exchange of DEMO_EXCHANGES) {
    await db('exchanges').insert({ code: exchange.code, name: exchange.name });
    await db('exchange_addresses').insert(
      exchange.addressPrefixes.map((prefix) => ({ address_prefix: prefix, exchange_code: exchange.code, updated_by_id: options.updatedById ?? null })),
    );
    const free = [
      ...Array.from({ length: DEMO_FREE_COUNT }, (_, i) => String(DEMO_FREE_FROM + i).padStart(4, '0')),
      ...DEMO_NICE_SUFFIXES,
    ].map((suffix) => ({ number: `${exchange.numberBlock}${suffix}`, exchange_code: exchange.code, state: 'free' }));
    const quarantined = [1, 2].map((i) => ({
      number: `${exchange.numberBlock}${String(DEMO_FREE_FROM - i).padStart(4, '0')}`,
      exchange_code: exchange.code,
      state: 'quarantined',
      quarantined_until: db.raw(`now() + interval '${DEMO_QUARANTINE_DAYS} days'`),
    }));
    await db('phone_numbers').insert([...free, ...quarantined]);
  }
  for (const line of DEMO_SERVICE_ACCOUNTS) {
    const customer = await db('customers').where({ customer_no: line.customerNo }).first('id');
    if (!customer) continue;
    const account = await db('accounts').where({ customer_id: customer.id }).orderBy('id').first('account_no');
    await db('service_accounts').insert({
      service_no: line.serviceNo,
      customer_id: customer.id,
      account_relation: account?.account_no ?? `A${line.customerNo}`,
      pricing_plan: line.pricingPlan,
      line_type: line.lineType,
      exchange_code: line.exchangeCode,
      address: line.address,
      local: line.local,
    });
    await db('phone_numbers').insert({ number: line.serviceNo, exchange_code: line.exchangeCode, state: 'in_use', service_no: line.serviceNo });
  }
}
