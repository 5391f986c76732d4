import { LoginRateLimiter } from './rate-limit';

describe('LoginRateLimiter', () => {
  let clock = 0;
  const limiter = () => new LoginRateLimiter(3, 60_000, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('blocks after the allowed failures until the oldest leaves the window', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs('ip|alice')).toBe(0);
      l.recordFailure('ip|alice');
      clock += 1000;
    }
    expect(l.retryAfterMs('ip|alice')).toBe(57_000);
    clock += 57_000;
    expect(l.retryAfterMs('ip|alice')).toBe(0);
  });

  it('keeps keys apart and forgets a key on success', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('ip|alice');
    expect(l.retryAfterMs('ip|bob')).toBe(0);
    l.reset('ip|alice');
    expect(l.retryAfterMs('ip|alice')).toBe(0);
  });
});
