import { checkCallback, checkWork } from './forms';
import { formatRepairOrderNo, isRepairOrderNo } from './numbering';
import { DEFAULT_REPAIR_POLICY, findCategory, InvalidRepairPolicyError, parseRepairPolicy } from './policy';
import { parseSmsRating } from './rating';
import { minutesUntil, slaState } from './sla';

describe('the SMS rating parser', () => {
  it.each([
    ['5', 5],
    ['５', 5],
    ['5分', 5],
    [' 5 ', 5],
    ['\u30005\u3000', 5],
    ['３分', 3],
    ['1', 1],
    ['4 分', 4],
    ['5星', 5],
    ['五分', 5],
    ['五', 5],
    ['一分', 1],
  ])('reads %j as %d', (text, rating) => {
    expect(parseSmsRating(text)).toEqual({ recognised: true, rating });
  });

  it.each(['7', '0', '６', '10', '4.5', '', '   ', '满意', '5分 很好', '5 5', '五星好评', '-1', 'five'])('does not read %j as a rating', (text) => {
    expect(parseSmsRating(text)).toEqual({ recognised: false });
  });
});

describe('SLA stages', () => {
  const sla = { responseMinutes: 30, arrivalMinutes: 90, fixMinutes: 480 };
  const t0 = Date.UTC(2026, 0, 5, 1, 0);
  const min = (n: number) => t0 + n * 60_000;

  it.each([
    ['waiting for a response, in time', {}, 10, { stage: 'response', dueAt: min(30), overdue: false, breached: [] }],
    ['waiting for a response, late', {}, 31, { stage: 'response', dueAt: min(30), overdue: true, breached: [] }],
    ['responded in time, on the way', { respondedAt: min(20) }, 60, { stage: 'arrival', dueAt: min(90), overdue: false, breached: [] }],
    ['responded late, arrived, fixing', { respondedAt: min(40), arrivedAt: min(80) }, 100, { stage: 'fix', dueAt: min(480), overdue: false, breached: ['response'] }],
    ['fix overdue', { respondedAt: min(10), arrivedAt: min(50) }, 481, { stage: 'fix', dueAt: min(480), overdue: true, breached: [] }],
    ['all met, the fix late', { respondedAt: min(10), arrivedAt: min(50), fixedAt: min(500) }, 600, { stage: 'met', overdue: false, breached: ['fix'] }],
  ] as const)('%s', (_name, moments, now, expected) => {
    expect(slaState({ openedAt: t0, ...moments }, sla, min(now))).toEqual(expected);
  });

  it('gives a step at least a minute', () => {
    expect(minutesUntil(min(30), min(10))).toBe(20);
    expect(minutesUntil(min(30), min(29.5))).toBe(1);
    expect(minutesUntil(min(30), min(40))).toBe(1);
  });
});

describe('the repair policy', () => {
  it('fills every field with its default', () => {
    expect(parseRepairPolicy({})).toEqual(DEFAULT_REPAIR_POLICY);
    expect(parseRepairPolicy({ sla: { urgent: { fixMinutes: 120 } } }).sla.urgent).toEqual({ ...DEFAULT_REPAIR_POLICY.sla.urgent, fixMinutes: 120 });
    // Photos: up to 4 of at most 5 MiB each unless a designer says otherwise.
    expect(DEFAULT_REPAIR_POLICY.photos).toEqual({ maxCount: 4, maxBytes: 5 * 1024 * 1024 });
    expect(parseRepairPolicy({ photos: { maxCount: 2 } }).photos).toEqual({ maxCount: 2, maxBytes: 5 * 1024 * 1024 });
  });

  it.each([
    [{ badRatingThreshold: 5 }, 'badRatingThreshold'],
    [{ sla: { high: { responseMinutes: 100, arrivalMinutes: 50 } } }, 'sla.high'],
    [{ categories: [{ code: 'a', name: 'A', children: [{ code: 'a', name: 'A' }] }] }, 'categories'],
    [{ categories: [{ code: 'a', name: 'A', children: [] }] }, 'categories[0].children'],
    [{ slaa: {} }, 'unknown field'],
    [{ urge: { handlerTemplate: '催单 {orderNo} {customerName}' } }, 'customerName'],
    [{ urge: { supervisorTemplate: '   ' } }, 'urge.supervisorTemplate'],
    [{ photos: { maxCount: -1 } }, 'photos.maxCount'],
    [{ photos: { maxBytes: 100 * 1024 * 1024 } }, 'photos.maxBytes'],
    [{ dispatchRules: [{ area: 'SEG-1', categories: ['street-light'], crewUserId: 7 }] }, 'dispatchRules[0].categories[0]: no fault category street-light'],
    [{ dispatchRules: [{ area: ' ', crewUserId: 7 }] }, 'dispatchRules[0].area'],
    [{ dispatchRules: [{ area: 'SEG-1', crewUserId: 0 }] }, 'dispatchRules[0].crewUserId'],
    [{ dispatchRules: [{ area: 'SEG-1', crewUserId: 7, crew: '李维修' }] }, 'unknown field'],
    // A crew (班组) by its code, or a person; one of the two.
    [{ dispatchRules: [{ area: 'SEG-1' }] }, 'dispatchRules[0]: name a crew member (crewUserId) or a crew (crewCode), one of the two'],
    [{ dispatchRules: [{ area: 'SEG-1', crewUserId: 7, crewCode: 'east' }] }, 'dispatchRules[0]: name a crew member (crewUserId) or a crew (crewCode), one of the two'],
    [{ dispatchRules: [{ area: 'SEG-1', crewCode: 'East Team' }] }, 'dispatchRules[0].crewCode must be a crew code'],
    [{ dispatchRules: [{ area: 'SEG-1', crewCode: '' }] }, 'dispatchRules[0].crewCode'],
    [{ ratingSmsTemplate: '请评分 {orderNo} {customerName}' }, 'customerName'],
  ])('refuses %j', (raw, where) => {
    expect(() => parseRepairPolicy(raw)).toThrow(InvalidRepairPolicyError);
    expect(() => parseRepairPolicy(raw)).toThrow(where);
  });

  it('dispatches by rules only when a designer writes them, and texts for the rating in Chinese', () => {
    expect(DEFAULT_REPAIR_POLICY.dispatchRules).toEqual([]);
    expect(DEFAULT_REPAIR_POLICY.ratingSmsTemplate).toContain('请回复 1-5');
    // A parent code means all its children; a rule without categories takes any.
    expect(parseRepairPolicy({ dispatchRules: [{ area: 'SEG-1', categories: ['meter', 'line-down'], crewUserId: 7 }, { area: 'SEG-2', crewUserId: 8 }] }).dispatchRules).toEqual([
      { area: 'SEG-1', categories: ['meter', 'line-down'], crewUserId: 7 },
      { area: 'SEG-2', categories: [], crewUserId: 8 },
    ]);
    // A rule may name a crew (班组) by its code instead of a person; rules naming people stay valid beside it.
    expect(parseRepairPolicy({ dispatchRules: [{ area: 'SEG-1', crewCode: 'east-1' }, { area: 'SEG-2', crewUserId: 8 }] }).dispatchRules).toEqual([
      { area: 'SEG-1', categories: [], crewCode: 'east-1' },
      { area: 'SEG-2', categories: [], crewUserId: 8 },
    ]);
    // Rules name categories of the policy's own tree, edited in the same version.
    const tree = [{ code: 'lamp', name: '路灯', children: [{ code: 'lamp-off', name: '路灯不亮' }] }];
    expect(parseRepairPolicy({ categories: tree, dispatchRules: [{ area: 'SEG-1', categories: ['lamp'], crewUserId: 7 }] }).dispatchRules).toHaveLength(1);
    expect(() => parseRepairPolicy({ categories: tree, dispatchRules: [{ area: 'SEG-1', categories: ['meter'], crewUserId: 7 }] })).toThrow('no fault category meter');
  });

  it('files orders under leaves of the category tree only', () => {
    expect(findCategory(DEFAULT_REPAIR_POLICY, 'meter-box')).toMatchObject({ parent: { code: 'meter' }, leaf: { code: 'meter-box' } });
    expect(findCategory(DEFAULT_REPAIR_POLICY, 'meter')).toBeUndefined();
    expect(findCategory(DEFAULT_REPAIR_POLICY, 'toString')).toBeUndefined();
  });
});

describe('repair order numbers', () => {
  it.each([
    [1, '1600000001'],
    [12345678, '1612345678'],
  ])('formats serial %d as %s', (serial, orderNo) => {
    expect(formatRepairOrderNo(serial)).toBe(orderNo);
    expect(isRepairOrderNo(orderNo)).toBe(true);
  });

  it.each([0, -1, 1.5, 123456789])('refuses serial %d', (serial) => {
    expect(() => formatRepairOrderNo(serial)).toThrow(RangeError);
  });

  it('tells its numbers from others', () => {
    expect(isRepairOrderNo('1200000001')).toBe(false);
    expect(isRepairOrderNo('160000001')).toBe(false);
  });
});

describe('repair step forms', () => {
  it.each([
    [{ outcome: 'accept', rating: 5 }, true],
    [{ outcome: 'accept', rating: 7 }, false],
    [{ outcome: 'accept', rating: 4.5 }, false],
    [{ outcome: 'reject', reason: '  ' }, false],
    [{ outcome: 'reject', reason: '还是没电' }, true],
    [{ outcome: 'maybe' }, false],
  ])('callback %j → accepted %s', (raw, ok) => {
    expect(checkCallback(raw).ok).toBe(ok);
  });

  it('asks a liable party for its amount, and each part for both serials', () => {
    expect(checkWork({ report: '换表', parts: [{ oldSerial: 'A1', newSerial: 'B1' }] })).toEqual({ ok: true, value: { report: '换表', parts: [{ oldSerial: 'A1', newSerial: 'B1' }] } });
    expect(checkWork({ report: '换表', parts: [{ oldSerial: 'A1' }] }).ok).toBe(false);
    expect(checkWork({ report: '换表', parts: [{ oldSerial: 'A1', newSerial: 'B1' }, { oldSerial: 'A2', newSerial: 'B1' }] }).ok).toBe(false);
    expect(checkWork({ report: '车撞电杆', liableParty: '肇事司机' }).ok).toBe(false);
    expect(checkWork({ report: '车撞电杆', liableParty: '肇事司机', compensationFen: 50000 })).toMatchObject({ ok: true, value: { liableParty: '肇事司机', compensationFen: 50000 } });
  });
});
