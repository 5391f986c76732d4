import { parseSiteConfig, SiteConfigError } from './site-config';

describe('parseSiteConfig', () => {
  it('fills in the usual 2400 baud and DL/T 645-2007', () => {
    expect(parseSiteConfig({ site: 'north', lines: [{ name: 'line-1', path: '/dev/ttyUSB0' }] })).toEqual({
      site: 'north',
      lines: [{ name: 'line-1', path: '/dev/ttyUSB0', baudRate: 2400, protocol: 'dlt645-2007' }],
    });
  });

  it.each([
    [null, 'JSON object'],
    [{ site: 'a b', lines: [] }, '"site"'],
    [{ site: 'north', lines: [] }, 'at least one'],
    [{ site: 'north', lines: [{ name: 'l1', path: '/dev/a', baudRate: 2401 }] }, 'baudRate'],
    [{ site: 'north', lines: [{ name: 'l1', path: '/dev/a', protocol: 'modbus' }] }, 'has no driver'],
    [{ site: 'north', lines: [{ name: 'l1', path: '/dev/a' }, { name: 'l1', path: '/dev/b' }] }, 'appears twice'],
    [{ site: 'north', lines: [{ name: 'l1', path: '/dev/a' }, { name: 'l2', path: '/dev/a' }] }, 'listed twice'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseSiteConfig(raw)).toThrow(SiteConfigError);
    expect(() => parseSiteConfig(raw)).toThrow(message);
  });
});
