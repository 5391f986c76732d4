import { relocationOrderRequest } from '../../../domain/contracts/relocation';
import { DEFAULT_RELOCATION_POLICY } from '../../../domain/relocation/policy';
import { documentTypesFor, feePreview, INTAKE_DEFAULTS, kindOf, orderRequestOf, type IntakeContext, type IntakeValues } from './intake';

const fees = DEFAULT_RELOCATION_POLICY.fees;
const line = { serviceNo: '65100001', pricingPlan: 'residential-basic', local: true, lineType: 'A' as const };
const filled: IntakeValues = {
  ...INTAKE_DEFAULTS,
  serviceNo: '65100001',
  newAddress: ' 和平路 12 号 ',
  teamCode: 'T-XC',
  date: '2026-03-02',
  slot: 'pm',
  contactName: ' 王小明 ',
  contactPhone: '13800000001',
  pricingPlan: 'residential-basic',
  documentNumber: '11010519491231002x',
};
const ctx = (changes: Partial<IntakeContext> = {}): IntakeContext => ({ line, kind: 'cross', resolved: true, mayOverride: false, idempotencyKey: 'k-1', ...changes });

describe('kindOf', () => {
  it.each([
    ['DC', 'DC', 'same'],
    ['DC', ' DC ', 'same'],
    ['DC', 'XC', 'cross'],
  ])('%s → %s is %s', (from, to, kind) => {
    expect(kindOf(from, to)).toBe(kind);
  });
});

describe('feePreview', () => {
  it.each<[string, 'same' | 'cross', 'A' | 'B', IntakeValues, number]>([
    ['same exchange: labour only, whatever was ticked', 'same', 'A', { announcement: true, keepNumber: true }, 12000],
    ['cross with an announcement', 'cross', 'A', { announcement: true }, 15000],
    ['cross keeping the number, type A', 'cross', 'A', { keepNumber: true }, 15000],
    ['cross keeping the number, type B (no announcement then)', 'cross', 'B', { keepNumber: true, announcement: true }, 19000],
    ['cross with a new number, no announcement', 'cross', 'B', {}, 12000],
  ])('%s', (_name, kind, lineType, values, total) => {
    expect(feePreview(kind, { lineType }, values, fees).totalFen).toBe(total);
  });
});

describe('documentTypesFor', () => {
  it('offers a person the personal documents and an organisation its certificate', () => {
    expect(documentTypesFor('person')).toContain('household_register');
    expect(documentTypesFor('person')).not.toContain('organisation_registration');
    expect(documentTypesFor('organisation')).toEqual(['organisation_registration']);
  });
});

describe('orderRequestOf', () => {
  it('sends a cross-exchange move with the chosen number and an announcement, as the contract takes it', () => {
    const body = orderRequestOf({ ...filled, number: '66208888', announcement: true }, ctx());
    expect(body).toEqual({
      serviceNo: '65100001',
      newAddress: '和平路 12 号',
      keepNumber: false,
      announcement: true,
      number: '66208888',
      appointment: { teamCode: 'T-XC', date: '2026-03-02', slot: 'pm' },
      contactName: '王小明',
      contactPhone: '13800000001',
      realName: { holder: 'person', document: { type: 'resident_id', number: '11010519491231002x' } },
      idempotencyKey: 'k-1',
    });
    expect(relocationOrderRequest.safeParse(body).success).toBe(true);
  });

  it('sends no number and no announcement when the number is kept, and none of them on a same-exchange move', () => {
    const kept = orderRequestOf({ ...filled, keepNumber: true, number: '66208888', announcement: true }, ctx());
    expect([kept.keepNumber, kept.announcement, kept.number]).toEqual([true, false, undefined]);
    const same = orderRequestOf({ ...filled, keepNumber: true, number: '66208888', announcement: true }, ctx({ kind: 'same' }));
    expect([same.keepNumber, same.announcement, same.number]).toEqual([false, false, undefined]);
  });

  it('sends the exchange only when the clerk chose it, and the pricing plan only when it changed', () => {
    expect(orderRequestOf({ ...filled, exchangeCode: 'NQ' }, ctx()).exchangeCode).toBeUndefined();
    expect(orderRequestOf({ ...filled, exchangeCode: 'NQ' }, ctx({ resolved: false })).exchangeCode).toBe('NQ');
    expect(orderRequestOf({ ...filled, pricingPlan: 'residential-senior' }, ctx()).pricingPlan).toBe('residential-senior');
  });

  it('records the agent for an organisation or when someone acts for the person, with a birth date only for a household register', () => {
    const agent = { agentName: '李代办', agentDocumentType: 'household_register' as const, agentDocumentNumber: 'H1', agentBirthDate: '2015-01-01' };
    expect(orderRequestOf({ ...filled, ...agent }, ctx()).realName.agent).toBeUndefined();
    expect(orderRequestOf({ ...filled, ...agent, hasAgent: true }, ctx()).realName.agent).toEqual({ name: '李代办', document: { type: 'household_register', number: 'H1', birthDate: '2015-01-01' } });
    const organisation = orderRequestOf({ ...filled, holder: 'organisation', documentType: 'organisation_registration', birthDate: '2015-01-01', ...agent, agentDocumentType: 'passport' }, ctx());
    expect(organisation.realName).toEqual({ holder: 'organisation', document: { type: 'organisation_registration', number: '11010519491231002x' }, agent: { name: '李代办', document: { type: 'passport', number: 'H1' } } });
  });

  it('names a guarantor only for a line from outside the area whose clerk chose one', () => {
    const outside = { ...line, local: false };
    expect(orderRequestOf({ ...filled, guarantee: 'guarantor' }, ctx({ line: outside, guarantorCustomerId: 9 })).guarantorCustomerId).toBe(9);
    expect(orderRequestOf({ ...filled, guarantee: 'deposit' }, ctx({ line: outside, guarantorCustomerId: 9 })).guarantorCustomerId).toBeUndefined();
    expect(orderRequestOf({ ...filled, guarantee: 'guarantor' }, ctx({ guarantorCustomerId: 9 })).guarantorCustomerId).toBeUndefined();
  });

  it('sets the fee by hand only for those who may, in fen', () => {
    const values = { ...filled, overrideFee: true, feeOverrideYuan: '60.5', feeOverrideReason: ' 孤寡老人减免 ' };
    expect(orderRequestOf(values, ctx({ mayOverride: true })).feeOverride).toEqual({ totalFen: 6050, reason: '孤寡老人减免' });
    expect(orderRequestOf(values, ctx()).feeOverride).toBeUndefined();
    expect(orderRequestOf({ ...values, overrideFee: false }, ctx({ mayOverride: true })).feeOverride).toBeUndefined();
  });
});
