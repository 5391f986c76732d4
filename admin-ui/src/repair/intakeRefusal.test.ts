import { intakeRefusalOf } from './intakeRefusal';

/** As react-admin's HttpError carries it. */
const refusal = (status: number, error: object) => Object.assign(new Error('refused'), { status, body: { error } });

describe('intakeRefusalOf', () => {
  it('lists the customers sharing the number (409 CUSTOMER_AMBIGUOUS)', () => {
    const customers = [{ id: 2, customerNo: 'RA-2', name: '同号甲', address: '幸福路 2 号' }];
    expect(intakeRefusalOf(refusal(409, { code: 'CUSTOMER_AMBIGUOUS', details: { customers } }))).toEqual({ kind: 'ambiguous', customers });
  });

  it('asks for a search by hand when no customer has the number (422 CUSTOMER_NOT_FOUND)', () => {
    expect(intakeRefusalOf(refusal(422, { code: 'CUSTOMER_NOT_FOUND' }))).toEqual({ kind: 'not_found' });
  });

  it('names an unknown category, and leaves other refusals to the usual notice', () => {
    expect(intakeRefusalOf(refusal(400, { code: 'UNKNOWN_CATEGORY' }))).toEqual({ kind: 'unknown_category' });
    expect(intakeRefusalOf(refusal(400, { code: 'INVALID_REPAIR_ORDER' }))).toBeUndefined();
    expect(intakeRefusalOf(new Error('offline'))).toBeUndefined();
  });
});
