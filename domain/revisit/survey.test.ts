import { DEFAULT_REVISIT_POLICY } from './policy';
import { recoveredByRating, recoverySurveyKey, recoverySurveyText } from './survey';

describe('the recovery survey', () => {
  it('asks about the order by its number, once per revisit', () => {
    expect(recoverySurveyText(DEFAULT_REVISIT_POLICY, '1600000042')).toContain('1600000042');
    expect(recoverySurveyKey('1800000001')).toBe('sms:revisit-recovery-survey:1800000001');
  });

  it.each([
    [1, false],
    [2, false],
    [3, true],
    [5, true],
  ])('reads a reply of %d as recovered: %s (threshold 2)', (rating, recovered) => {
    expect(recoveredByRating(rating, 'repair', DEFAULT_REVISIT_POLICY)).toBe(recovered);
  });

  it("uses the rated process's own threshold", () => {
    const policy = { badRatingThreshold: { ...DEFAULT_REVISIT_POLICY.badRatingThreshold, relocation: 3 } };
    expect(recoveredByRating(3, 'relocation', policy)).toBe(false);
    expect(recoveredByRating(3, 'repair', policy)).toBe(true);
  });
});
