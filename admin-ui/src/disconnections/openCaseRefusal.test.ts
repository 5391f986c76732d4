import { customersInOpenCase } from './openCaseRefusal';

describe('customersInOpenCase', () => {
  it('lists the customers the API named', () => {
    expect(customersInOpenCase({ error: { code: 'CUSTOMER_IN_OPEN_CASE', message: '…', details: { customerNos: ['3100000006', '3100000007'] } } })).toEqual(['3100000006', '3100000007']);
  });

  it.each([undefined, null, 'text', { error: { code: 'NO_CUSTOMERS' } }, { error: { code: 'CUSTOMER_IN_OPEN_CASE' } }])('says nothing for %p', (body) => {
    expect(customersInOpenCase(body)).toBeUndefined();
  });
});
