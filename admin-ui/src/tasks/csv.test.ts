import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes only the fields that need it, doubling their quotes', () => {
    expect(toCsv([['任务', 'Customer'], ['停电审批，第 1 级', 'Wang, "Jr"'], ['a\nb', 3]])).toBe('任务,Customer\r\n停电审批，第 1 级,"Wang, ""Jr"""\r\n"a\nb",3');
  });
});
