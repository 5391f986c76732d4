import { asId, MAX_INT4 } from './lists';

describe('asId', () => {
  it('takes a whole number from 1 up to the largest int4, as number or digits', () => {
    expect(asId(1, 'caseId')).toBe(1);
    expect(asId('42', 'caseId')).toBe(42);
    expect(asId(MAX_INT4, 'caseId')).toBe(MAX_INT4);
  });

  it('refuses what an int4 id column cannot hold with a 400', () => {
    for (const bad of [0, -1, 1.5, '1.5', 'Infinity', Infinity, NaN, MAX_INT4 + 1, String(MAX_INT4 + 1), '1e3', '0x10', '', null, true, [1], { id: 1 }]) {
      expect(() => asId(bad, 'caseId')).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_QUERY' }));
    }
  });
});
