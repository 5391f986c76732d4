import { escapeLike, numberPattern } from './numbers';

/** What PostgreSQL's LIKE (escape \) would match, to check the patterns mean what the clerk typed. */
function likeMatches(like: string, text: string): boolean {
  const source = like.replace(/\\(.)|([%_])|([^\\%_])/g, (_m, escaped: string, wild: string, plain: string) =>
    escaped !== undefined ? escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : wild === '%' ? '.*' : wild === '_' ? '.' : plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^${source}$`, 's').test(text);
}

describe('the number pattern', () => {
  it.each([
    ['8*88', '8%88'],
    ['8**88', '8%88'],
    ['?8888', '_8888'],
    ['6886????', '6886____'],
    ['*', '%'],
    ['68861234', '68861234'],
    [' ８＊８８ ', '8%88'],
    ['１２？', '12_'],
    ['12345678901', '12345678901'],
  ])('%j becomes LIKE %j', (input, like) => {
    expect(numberPattern(input)).toEqual({ ok: true, like });
  });

  it.each([
    ['8*88', '80000088', true],
    ['8*88', '888', true],
    ['8*88', '68000088', false],
    ['8*88', '80000089', false],
    ['?8888', '68888', true],
    ['?8888', '668888', false],
  ])('%j on %s matches: %s', (input, number, matches) => {
    const pattern = numberPattern(input);
    if (!pattern.ok) throw new Error('expected a pattern');
    expect(likeMatches(pattern.like, number)).toBe(matches);
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['123456789012', 'TOO_LONG'],
    ['8%88', 'INVALID_CHARACTER'],
    ['8_88', 'INVALID_CHARACTER'],
    ["8'; drop", 'INVALID_CHARACTER'],
    ['8 88', 'INVALID_CHARACTER'],
    ['abc', 'INVALID_CHARACTER'],
    ['-1', 'INVALID_CHARACTER'],
    ['\\8', 'INVALID_CHARACTER'],
  ])('refuses %j: %s', (input, reason) => {
    expect(numberPattern(input)).toEqual({ ok: false, reason });
  });

  it('escapes LIKE’s own characters in literal text', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(likeMatches(escapeLike('5%_'), '5%_')).toBe(true);
    expect(likeMatches(escapeLike('5%_'), '5abc')).toBe(false);
  });
});
