import { applicationKeys, randomKey } from './applicationKey';

describe('applicationKeys', () => {
  it('gives the same form the same key and a changed form a new one', () => {
    let n = 0;
    const keyFor = applicationKeys(() => `key-${++n}`);
    const picked = { reason: '欠费', customerIds: [1, 2] };
    expect(keyFor(picked)).toBe('key-1');
    expect(keyFor({ ...picked })).toBe('key-1');
    expect(keyFor({ reason: '欠费', customerIds: [1] })).toBe('key-2');
    expect(keyFor({ reason: '欠费', filter: { arrearsAbove: 0 } })).toBe('key-3');
  });

  it('makes keys the API accepts, different each time', () => {
    const keys = new Set(Array.from({ length: 100 }, randomKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });
});
