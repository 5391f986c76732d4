import { ageOn, checkRealName, checkResidentId, residentIdCheckCharacter, type RealNameInput } from './identity';

const today = '2026-05-04';

describe('the resident ID check', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', 'female'],
    ['11010519491231002x', '1949-12-31', 'female'],
    [' 510107199003078817 ', '1990-03-07', 'male'],
    ['310115201006011231', '2010-06-01', 'male'],
    ['440308200002290044', '2000-02-29', 'female'],
    ['110105201005040022', '2010-05-04', 'female'],
  ])('accepts %s (born %s, %s)', (id, birthDate, sex) => {
    expect(checkResidentId(id, today)).toEqual({ ok: true, id: id.trim().toUpperCase(), birthDate, sex });
  });

  it.each([
    ['11010519491231002', 'WRONG_LENGTH'],
    ['11010519491231002X0', 'WRONG_LENGTH'],
    ['', 'WRONG_LENGTH'],
    ['110105194912310X2X', 'INVALID_CHARACTERS'],
    ['11010519491231002Y', 'INVALID_CHARACTERS'],
    ['１１0105194912310020', 'INVALID_CHARACTERS'],
    ['110105194902300020', 'INVALID_BIRTH_DATE'], // 30 February, check digit right
    ['440308200102290041', 'INVALID_BIRTH_DATE'], // 29 February of a common year
    ['110105189912310023', 'INVALID_BIRTH_DATE'], // before 1900
    ['110105202605050018', 'FUTURE_BIRTH_DATE'], // tomorrow
    ['110105194912310021', 'WRONG_CHECK_DIGIT'],
    ['110105194912310029', 'WRONG_CHECK_DIGIT'],
    ['510107199003078818', 'WRONG_CHECK_DIGIT'],
  ])('refuses %j: %s', (id, reason) => {
    expect(checkResidentId(id, today)).toEqual({ ok: false, reason });
  });

  it('computes the MOD 11-2 check character', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('51010719900307881')).toBe('7');
  });

  it('refuses a malformed today as a programming error', () => {
    expect(() => checkResidentId('11010519491231002X', '2026-02-30')).toThrow(RangeError);
    expect(() => checkResidentId('11010519491231002X', '04/05/2026')).toThrow(RangeError);
  });
});

describe('age', () => {
  it.each([
    ['2010-05-04', '2026-05-04', 16],
    ['2010-05-05', '2026-05-04', 15],
    ['2008-02-29', '2024-02-28', 15],
    ['2008-02-29', '2024-02-29', 16],
    ['2008-02-29', '2025-02-28', 16],
    ['2009-02-28', '2025-03-01', 16],
  ])('born %s is %d years old on %s', (birthDate, on, age) => {
    expect(ageOn(birthDate, on)).toBe(age);
  });
});

describe('the real-name check', () => {
  const person = (document: RealNameInput['document'], agent?: RealNameInput['agent']): RealNameInput => ({ holder: 'person', document, agent, today });
  const organisation = (document: RealNameInput['document'], agent?: RealNameInput['agent']): RealNameInput => ({ holder: 'organisation', document, agent, today });
  const idCard = { type: 'resident_id', number: '510107199003078817' };

  it.each<[string, RealNameInput, unknown]>([
    ['a resident ID, the birth date read from it', person({ type: 'resident_id', number: ' 11010519491231002x ' }), { ok: true, document: { type: 'resident_id', number: '11010519491231002X', birthDate: '1949-12-31' } }],
    ['a temporary resident ID', person({ type: 'temporary_resident_id', number: '510107199003078817' }), { ok: true, document: { type: 'temporary_resident_id', number: '510107199003078817', birthDate: '1990-03-07' } }],
    ['a household register under 16', person({ type: 'household_register', number: 'HK0012345', birthDate: '2010-05-05' }), { ok: true, document: { type: 'household_register', number: 'HK0012345', birthDate: '2010-05-05' } }],
    ['a military ID', person({ type: 'military_id', number: '济字第0012345号' }), { ok: true, document: { type: 'military_id', number: '济字第0012345号' } }],
    ['an armed police ID', person({ type: 'armed_police_id', number: '武字第001号' }), { ok: true, document: { type: 'armed_police_id', number: '武字第001号' } }],
    ['an HK/Macau permit', person({ type: 'hk_macau_permit', number: 'H12345678' }), { ok: true, document: { type: 'hk_macau_permit', number: 'H12345678' } }],
    ['a Taiwan permit', person({ type: 'taiwan_permit', number: '12345678' }), { ok: true, document: { type: 'taiwan_permit', number: '12345678' } }],
    ['a passport', person({ type: 'passport', number: 'E12345678' }), { ok: true, document: { type: 'passport', number: 'E12345678' } }],
    [
      'a person with an agent',
      person({ type: 'passport', number: 'E12345678' }, { name: ' 张三 ', document: idCard }),
      { ok: true, document: { type: 'passport', number: 'E12345678' }, agent: { name: '张三', document: { ...idCard, birthDate: '1990-03-07' } } },
    ],
    [
      'an organisation with its handler',
      organisation({ type: 'organisation_registration', number: '91370100MA3C000000' }, { name: '李四', document: idCard }),
      { ok: true, document: { type: 'organisation_registration', number: '91370100MA3C000000' }, agent: { name: '李四', document: { ...idCard, birthDate: '1990-03-07' } } },
    ],
  ])('accepts %s', (_name, input, result) => {
    expect(checkRealName(input)).toEqual(result);
  });

  it.each<[string, RealNameInput, 'holder' | 'agent', string]>([
    ['an unknown document type', person({ type: 'driving_licence', number: '123' }), 'holder', 'UNKNOWN_DOCUMENT_TYPE'],
    ['an empty number', person({ type: 'passport', number: '   ' }), 'holder', 'EMPTY_NUMBER'],
    ['a number over 40 characters', person({ type: 'passport', number: 'E'.repeat(41) }), 'holder', 'NUMBER_TOO_LONG'],
    ['a resident ID failing its check digit', person({ type: 'resident_id', number: '110105194912310021' }), 'holder', 'WRONG_CHECK_DIGIT'],
    ['a resident ID born tomorrow', person({ type: 'resident_id', number: '110105202605050018' }), 'holder', 'FUTURE_BIRTH_DATE'],
    ['a household register without a birth date', person({ type: 'household_register', number: 'HK001' }), 'holder', 'BIRTH_DATE_REQUIRED'],
    ['a household register with a blank birth date', person({ type: 'household_register', number: 'HK001', birthDate: ' ' }), 'holder', 'BIRTH_DATE_REQUIRED'],
    ['a household register with an impossible birth date', person({ type: 'household_register', number: 'HK001', birthDate: '2012-13-01' }), 'holder', 'INVALID_BIRTH_DATE'],
    ['a household register born in the future', person({ type: 'household_register', number: 'HK001', birthDate: '2026-06-01' }), 'holder', 'FUTURE_BIRTH_DATE'],
    ['a household register of someone 16 today', person({ type: 'household_register', number: 'HK001', birthDate: '2010-05-04' }), 'holder', 'HOUSEHOLD_REGISTER_16_OR_OVER'],
    ['a household register of an adult', person({ type: 'household_register', number: 'HK001', birthDate: '1980-01-01' }), 'holder', 'HOUSEHOLD_REGISTER_16_OR_OVER'],
    ['a person with an organisation’s certificate', person({ type: 'organisation_registration', number: '91370100MA3C000000' }), 'holder', 'ORGANISATION_DOCUMENT_FOR_PERSON'],
    ['an organisation with a personal document', organisation(idCard, { name: '李四', document: idCard }), 'holder', 'PERSONAL_DOCUMENT_FOR_ORGANISATION'],
    ['an organisation with nobody acting for it', organisation({ type: 'organisation_registration', number: '91370100MA3C000000' }), 'agent', 'AGENT_REQUIRED'],
    ['an agent without a name', person(idCard, { name: '  ', document: idCard }), 'agent', 'AGENT_NAME_REQUIRED'],
    ['an agent with a broken resident ID', person(idCard, { name: '张三', document: { type: 'resident_id', number: '51010719900307881' } }), 'agent', 'WRONG_LENGTH'],
    ['an agent with an organisation’s certificate', person(idCard, { name: '张三', document: { type: 'organisation_registration', number: '9137' } }), 'agent', 'ORGANISATION_DOCUMENT_FOR_PERSON'],
    ['an agent with an unknown document', person(idCard, { name: '张三', document: { type: '', number: '1' } }), 'agent', 'UNKNOWN_DOCUMENT_TYPE'],
  ])('refuses %s', (_name, input, who, reason) => {
    expect(checkRealName(input)).toEqual({ ok: false, who, reason });
  });
});
