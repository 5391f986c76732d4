import { parseTrustProxy } from './security';

describe('parseTrustProxy', () => {
  it('trusts no proxy unless one is named', () => {
    for (const value of [undefined, '', ' ', 'none', 'false']) expect(parseTrustProxy(value)).toBe(false);
  });

  it('takes a hop count or a list of addresses and subnets', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('10.0.0.5, 192.168.0.0/16')).toEqual(['10.0.0.5', '192.168.0.0/16']);
  });
});
