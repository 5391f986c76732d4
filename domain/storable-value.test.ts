import { findUnstorableText, replaceUnstorableText } from './storable-value';

describe('findUnstorableText', () => {
  it('finds nothing in ordinary JSON, emoji and other scripts included', () => {
    expect(findUnstorableText({ opinion: '同意 👍', list: [1, null, true, { note: 'RTL \u202e' }] }, 'result')).toBeUndefined();
  });

  it.each([
    [{ opinion: 'no\u0000pe' }, 'result.opinion'],
    [{ removed: ['A', 'B\ud800'] }, 'result.removed[1]'],
    [{ 'k\udc00': 1 }, 'result (a key)'],
    ['\u0000', 'result'],
  ])('names where %j holds unstorable text', (value, where) => {
    expect(findUnstorableText(value, 'result')).toBe(where);
  });

  it('walks a very deep value without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^value(\[0\])+$/);
  });
});

describe('replaceUnstorableText', () => {
  it('puts U+FFFD in place of each NUL and lone surrogate, keys included, and keeps the rest', () => {
    expect(replaceUnstorableText({ note: 'a\u0000b\ud800', 'k\udc00': ['👍', 3, null] })).toEqual({ note: 'a\ufffdb\ufffd', 'k\ufffd': ['👍', 3, null] });
    expect(findUnstorableText(replaceUnstorableText({ x: ['\u0000\udfff'] }))).toBeUndefined();
  });
});
