import { humanDuration } from './durations';

describe('a duration in human units', () => {
  it.each([
    [5, 'under_a_minute', 0],
    [60, 'minutes', 1],
    [89 * 60, 'minutes', 89],
    [119 * 60 + 40, 'minutes', 120],
    [2 * 3600, 'hours', 2],
    [2.5 * 3600, 'hours', 2.5],
    [26 * 3600, 'hours', 26],
    [48 * 3600, 'days', 2],
    [3.25 * 86400, 'days', 3.3],
    [12 * 86400, 'days', 12],
  ])('%d seconds reads as %s %d', (seconds, key, count) => {
    expect(humanDuration(seconds)).toEqual({ key, count });
  });
});
