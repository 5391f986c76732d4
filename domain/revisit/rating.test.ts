import { DEFAULT_REVISIT_POLICY } from './policy';
import { foldReply, parseRatingReply } from './rating';

const words = DEFAULT_REVISIT_POLICY.ratingWords;

describe('a survey reply read as a rating', () => {
  it.each([
    ['5', 5],
    ['５', 5],
    ['5分', 5],
    ['５分', 5],
    [' 3 ', 3],
    ['\u30002\u3000', 2],
    ['1星', 1],
    ['4 分', 4],
    ['5。', 5],
    ['5！', 5],
    ['5!!', 5],
    ['3分~', 3],
    ['4．', 4],
    ['五分', 5],
  ])('reads %j as %d from a digit', (text, rating) => {
    expect(parseRatingReply(text, words)).toEqual({ recognised: true, rating, via: 'digit' });
  });

  it.each([
    ['差', 1],
    ['很差', 1],
    ['不满意', 1],
    ['不满意！', 1],
    [' 一般 ', 3],
    ['满意', 5],
    ['很满意。', 5],
    ['非常满意～', 5],
    ['满意!', 5],
  ])('reads %j as %d from a word', (text, rating) => {
    expect(parseRatingReply(text, words)).toEqual({ recognised: true, rating, via: 'word' });
  });

  it.each(['', '   ', '。', '0', '6', '９', '10', '4.5', '4,5', '5 5', '3或4', '-1', 'five', '满意5', '5分 很好', '还行', '太差了', '差差', '不 满意', '满意？'])(
    'does not read %j',
    (text) => {
      expect(parseRatingReply(text, words)).toEqual({ recognised: false });
    },
  );

  it('reads the words the policy configures, and only those', () => {
    const custom = [{ word: '还行', rating: 3 as const }, { word: 'ＯＫ', rating: 4 as const }];
    expect(parseRatingReply('还行', custom)).toEqual({ recognised: true, rating: 3, via: 'word' });
    expect(parseRatingReply('OK', custom)).toEqual({ recognised: true, rating: 4, via: 'word' });
    expect(parseRatingReply('满意', custom)).toEqual({ recognised: false });
    expect(parseRatingReply('满意', [])).toEqual({ recognised: false });
    expect(parseRatingReply('5', [])).toEqual({ recognised: true, rating: 5, via: 'digit' });
  });

  it('folds full-width forms and drops trailing punctuation, nothing inside', () => {
    expect(foldReply(' ５分！。 ')).toBe('5分');
    expect(foldReply('4.5')).toBe('4.5');
    expect(foldReply('不 满意')).toBe('不 满意');
  });
});
