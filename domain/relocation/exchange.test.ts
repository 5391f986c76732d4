import { decideRelocation, exchangeForAddress, normaliseAddress, RelocationChoiceError } from './exchange';

const table = [
  { prefix: '建设路', exchangeCode: 'JS' },
  { prefix: '建设路 1', exchangeCode: 'JS-N' },
  { prefix: '建设路 13号', exchangeCode: 'JS-S' },
  { prefix: '经十路', exchangeCode: 'JS' },
  { prefix: '  ', exchangeCode: 'ANY' },
  { prefix: '解放路', exchangeCode: 'JF' },
  { prefix: '解放路', exchangeCode: 'JF-2' },
];

describe('the exchange of an address', () => {
  it.each([
    ['建设路 13号2号楼', 'JS-S'],
    ['建设路 14号', 'JS-N'],
    ['建设路 2号', 'JS'],
    ['  建设路\u3000\u3000１３号  ', 'JS-S'],
    ['建设路   １３号', 'JS-S'],
    ['经十路100号', 'JS'],
    ['解放路8号', 'JF'],
  ])('%j is served by %s (longest prefix, first on a tie)', (address, exchangeCode) => {
    expect(exchangeForAddress(address, table)?.exchangeCode).toBe(exchangeCode);
  });

  it.each(['和平路1号', '', '   ', '建'])('%j matches no row: the clerk chooses by hand', (address) => {
    expect(exchangeForAddress(address, table)).toBeNull();
  });

  it('normalises the table’s prefixes too', () => {
    expect(exchangeForAddress('A座 3层', [{ prefix: ' Ａ座\u3000', exchangeCode: 'X' }])).toEqual({ prefix: ' Ａ座\u3000', exchangeCode: 'X' });
  });

  it('makes full-width characters half-width and collapses spaces', () => {
    expect(normaliseAddress(' 建设路\u3000１３号  ２号楼 ')).toBe('建设路 13号 2号楼');
  });
});

describe('the relocation decision', () => {
  it.each([
    ['same exchange', { fromExchange: 'JS', toExchange: 'JS', keepNumber: false, announcement: false }, { kind: 'same', numberChoice: false, npFlag: false, announcementAllowed: false }],
    ['cross exchange, new number', { fromExchange: 'JS', toExchange: 'JF', keepNumber: false, announcement: false }, { kind: 'cross', numberChoice: true, npFlag: false, announcementAllowed: true }],
    ['cross exchange with announcement', { fromExchange: 'JS', toExchange: 'JF', keepNumber: false, announcement: true }, { kind: 'cross', numberChoice: true, npFlag: false, announcementAllowed: true }],
    ['cross exchange keeping the number', { fromExchange: 'JS', toExchange: 'JF', keepNumber: true, announcement: false }, { kind: 'cross', numberChoice: false, npFlag: true, announcementAllowed: false }],
  ])('%s', (_name, order, decision) => {
    expect(decideRelocation(order)).toEqual(decision);
  });

  it.each([
    [{ fromExchange: 'JS', toExchange: 'JS', keepNumber: false, announcement: true }, 'ANNOUNCEMENT_SAME_EXCHANGE'],
    [{ fromExchange: 'JS', toExchange: 'JS', keepNumber: true, announcement: false }, 'KEEP_NUMBER_SAME_EXCHANGE'],
    [{ fromExchange: 'JS', toExchange: 'JF', keepNumber: true, announcement: true }, 'ANNOUNCEMENT_WITH_KEPT_NUMBER'],
  ])('refuses %j', (order, code) => {
    expect(() => decideRelocation(order)).toThrow(RelocationChoiceError);
    expect(() => decideRelocation(order)).toThrow(expect.objectContaining({ code }));
  });
});
