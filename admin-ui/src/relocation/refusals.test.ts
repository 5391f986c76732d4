import { relocationRefusalOf } from './refusals';

/** As react-admin's HttpError carries it. */
const refused = (status: number, code: string, details?: unknown) => Object.assign(new Error('refused'), { status, body: { error: { code, message: 'english', ...(details === undefined ? {} : { details }) } } });

describe('relocationRefusalOf', () => {
  it('words a real-name refusal by its reason, for the holder’s document or the agent’s', () => {
    expect(relocationRefusalOf(refused(400, 'WRONG_CHECK_DIGIT', { who: 'holder', reason: 'WRONG_CHECK_DIGIT' }))).toEqual({
      code: 'WRONG_CHECK_DIGIT',
      key: 'real_name.WRONG_CHECK_DIGIT',
      params: { who: 'holder' },
      field: 'documentNumber',
    });
    expect(relocationRefusalOf(refused(400, 'WRONG_LENGTH', { who: 'agent', reason: 'WRONG_LENGTH' }))?.field).toBe('agentDocumentNumber');
    expect(relocationRefusalOf(refused(400, 'AGENT_REQUIRED', { who: 'agent', reason: 'AGENT_REQUIRED' }))?.field).toBe('hasAgent');
    expect(relocationRefusalOf(refused(400, 'ORGANISATION_DOCUMENT_FOR_PERSON', { who: 'holder' }))?.field).toBe('documentType');
  });

  it('points a birth-date refusal at the birth date for a household register, at the number for a resident ID', () => {
    const invalid = refused(400, 'INVALID_BIRTH_DATE', { who: 'holder', reason: 'INVALID_BIRTH_DATE' });
    expect(relocationRefusalOf(invalid, { documentType: 'household_register' })?.field).toBe('birthDate');
    expect(relocationRefusalOf(invalid, { documentType: 'resident_id' })?.field).toBe('documentNumber');
    expect(relocationRefusalOf(refused(400, 'HOUSEHOLD_REGISTER_16_OR_OVER', { who: 'agent' }))?.field).toBe('agentBirthDate');
  });

  it('links the line’s open order, and asks for the numbers or slots again when they went meanwhile', () => {
    expect(relocationRefusalOf(refused(409, 'RELOCATION_OPEN', { id: 7, orderNo: '1700000007' }))).toEqual({
      code: 'RELOCATION_OPEN',
      key: 'RELOCATION_OPEN',
      params: { orderNo: '1700000007' },
      field: 'serviceNo',
      openOrder: { id: 7, orderNo: '1700000007' },
    });
    expect(relocationRefusalOf(refused(409, 'NUMBER_UNAVAILABLE', { number: '66200101', reason: 'reserved' }))).toMatchObject({ field: 'number', reload: 'numbers', params: { number: '66200101' } });
    expect(relocationRefusalOf(refused(409, 'SLOT_FULL', { teamCode: 'T-XC', date: '2026-03-02', slot: 'pm', capacity: 4 }))).toMatchObject({ field: 'slot', reload: 'slots', params: { date: '2026-03-02', slot: 'pm' } });
  });

  it('marks the first field of a contract refusal the form knows', () => {
    const problems = [{ field: 'realName.document.number', message: 'too long' }, { field: 'contactName', message: 'empty' }];
    expect(relocationRefusalOf(refused(400, 'INVALID_RELOCATION', problems))).toMatchObject({ key: 'INVALID_RELOCATION', field: 'documentNumber', params: {} });
    expect(relocationRefusalOf(refused(400, 'INVALID_RELOCATION', [{ field: '(body)', message: 'x' }]))?.field).toBeUndefined();
  });

  it('leaves codes it does not know, and errors that are no refusal, to the usual notice', () => {
    expect(relocationRefusalOf(refused(418, 'TEAPOT'))).toBeUndefined();
    expect(relocationRefusalOf(new Error('offline'))).toBeUndefined();
    expect(relocationRefusalOf(undefined)).toBeUndefined();
    // A prototype name is no code.
    expect(relocationRefusalOf(refused(400, 'constructor'))).toBeUndefined();
  });
});
