import type { Request } from 'express';
import { asId, ListSpec, MAX_INT4, parseListQuery } from './lists';

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

describe('parseListQuery', () => {
  const spec: ListSpec = { resource: 'things', sorts: { id: 'id' }, defaultSort: ['id', 'ASC'], filters: {} };
  const query = (sort: unknown) => ({ query: { sort: JSON.stringify(sort) } }) as unknown as Request;

  it('takes a direction in either case', () => {
    expect(parseListQuery(query(['id', 'desc']), spec).sort).toEqual(['id', 'DESC']);
  });

  it('refuses a direction that is not text with a 400, even one that cannot be turned into text', () => {
    for (const direction of [{ toString: 'x' }, [{ toString: 'x' }], ['ASC'], { toString: null }, 1, null]) {
      expect(() => parseListQuery(query(['id', direction]), spec)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_QUERY' }));
    }
  });
});
