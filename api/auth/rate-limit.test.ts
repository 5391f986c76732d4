import { LoginRateLimiter, LoginThrottle } from './rate-limit';

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

describe('LoginThrottle', () => {
  it('counts an attempt when it begins, so parallel guesses cannot all pass', () => {
    const throttle = new LoginThrottle();
    const begun = Array.from({ length: 40 }, () => throttle.begin('10.0.0.1', 'Alice'));
    expect(begun.filter((a) => a.waitMs === 0)).toHaveLength(5);
    expect(throttle.begin('10.0.0.1', 'alice').waitMs).toBeGreaterThan(0);
    expect(throttle.begin('10.0.0.2', 'alice').waitMs).toBe(0);
  });

  it('limits one address across usernames and gives back the slot of a right password', () => {
    const throttle = new LoginThrottle(new LoginRateLimiter(5), new LoginRateLimiter(3));
    throttle.begin('ip', 'a');
    throttle.begin('ip', 'b').succeeded();
    throttle.begin('ip', 'c');
    expect(throttle.begin('ip', 'd').waitMs).toBe(0);
    expect(throttle.begin('ip', 'e').waitMs).toBeGreaterThan(0);
  });

  it("forgets a username's failures after a right password", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 4; i++) throttle.begin('ip', 'alice');
    throttle.begin('ip', 'alice').succeeded();
    for (let i = 0; i < 5; i++) expect(throttle.begin('ip', 'alice').waitMs).toBe(0);
    expect(throttle.begin('ip', 'alice').waitMs).toBeGreaterThan(0);
  });
});

describe('LoginRateLimiter memory', () => {
  it('forgets keys whose failures have all left the window, even if they never come back', () => {
    let clock = 0;
    const l = new LoginRateLimiter(5, 60_000, () => clock);
    for (let i = 0; i < 10_000; i++) l.recordFailure(`10.0.${i >> 8}.${i & 255}|x`);
    expect(l.size).toBe(10_000);
    clock += 60_001;
    l.recordFailure('192.0.2.1|y');
    expect(l.size).toBe(1);
  });
});
