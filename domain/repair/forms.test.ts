import { checkDispatch } from './forms';

describe('the dispatch form (派单)', () => {
  it.each([
    ['a crew member', { crewUserId: 7 }, { crewUserId: 7 }],
    ['a crew member, with a note', { crewUserId: 7, note: ' 带上梯子 ' }, { crewUserId: 7, note: '带上梯子' }],
    ['a crew (班组)', { crewCode: 'east-1' }, { crewCode: 'east-1' }],
    ['a crew, the other field left empty by the form', { crewCode: 'east-1', crewUserId: null, note: '' }, { crewCode: 'east-1' }],
    ['a crew member, the crew left empty', { crewUserId: 7, crewCode: '' }, { crewUserId: 7 }],
  ])('takes %s', (_what, raw, value) => {
    expect(checkDispatch(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['nobody', {}, 'crewUserId | crewCode'],
    ['both a crew member and a crew', { crewUserId: 7, crewCode: 'east-1' }, 'crewUserId | crewCode'],
    ['a crew code of capitals and spaces', { crewCode: 'East 1' }, 'crewCode'],
    ['a crew code that is not text', { crewCode: 12 }, 'crewCode'],
    ['a crew code too long', { crewCode: 'a'.repeat(41) }, 'crewCode'],
    ['a user id of 0', { crewUserId: 0 }, 'crewUserId | crewCode'],
  ])('refuses %s, naming the fields', (_what, raw, fields) => {
    expect(checkDispatch(raw)).toMatchObject({ ok: false, code: 'FORM_SHAPE', params: { fields } });
  });

  it('refuses a note too long whichever is chosen', () => {
    expect(checkDispatch({ crewCode: 'east-1', note: 'x'.repeat(2001) })).toMatchObject({ ok: false, code: 'NOTE_TOO_LONG' });
    expect(checkDispatch({ crewUserId: 7, note: 'x'.repeat(2001) })).toMatchObject({ ok: false, code: 'NOTE_TOO_LONG' });
  });

  it('takes people only for an order started before crews, as its form did then', () => {
    const before = { crews: false };
    expect(checkDispatch({ crewUserId: 7 }, before)).toEqual({ ok: true, value: { crewUserId: 7 } });
    expect(checkDispatch({ crewCode: 'east-1' }, before)).toMatchObject({ ok: false, code: 'FORM_SHAPE', params: { fields: 'crewUserId' }, message: 'crewUserId must be a user id' });
    // A stray crewCode beside a person is ignored then, as it was.
    expect(checkDispatch({ crewUserId: 7, crewCode: 'east-1' }, before)).toEqual({ ok: true, value: { crewUserId: 7 } });
  });
});
