/**
 * Failed logins per key in a sliding window. Kept in memory: one API process per site is
 * the deployment this serves; several would each keep their own count.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Keys held; a key whose failures have all left the window is dropped within a window. */
  get size(): number {
    return this.failures.size;
  }

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    return (recent[0] as number) + this.windowMs - this.now();
  }

  /** Counts a failure now; answers its time so a reservation can be taken back. */
  recordFailure(key: string): number {
    const at = this.now();
    // Guesses from many addresses would otherwise each leave a key behind for good.
    if (at - this.lastSweep > this.windowMs) this.sweep(at);
    this.failures.set(key, [...this.recent(key), at]);
    return at;
  }

  /** Takes back one failure counted at `at` (an attempt that turned out right). */
  cancel(key: string, at: number): void {
    const kept = this.failures.get(key) ?? [];
    const index = kept.lastIndexOf(at);
    if (index >= 0) kept.splice(index, 1);
    if (kept.length === 0) this.failures.delete(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private sweep(at: number): void {
    this.lastSweep = at;
    for (const [key, times] of this.failures) {
      if ((times[times.length - 1] ?? 0) <= at - this.windowMs) this.failures.delete(key);
    }
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}

/**
 * Both login limits: per address and username, and per address across usernames. An attempt
 * is counted as failed before its password is checked, in the same synchronous step as the
 * check of the limits, so parallel guesses cannot all pass before the first one is counted.
 */
export class LoginThrottle {
  constructor(
    private readonly perUser = new LoginRateLimiter(5),
    private readonly perAddress = new LoginRateLimiter(20),
  ) {}

  /** `waitMs > 0`: refused for that long. Otherwise call `succeeded()` if the password is right. */
  begin(ip: string, username: string): { waitMs: number; succeeded(): void } {
    const userKey = `${ip}|${username.toLowerCase()}`;
    const waitMs = Math.max(this.perUser.retryAfterMs(userKey), this.perAddress.retryAfterMs(ip));
    if (waitMs > 0) return { waitMs, succeeded() {} };
    this.perUser.recordFailure(userKey);
    const at = this.perAddress.recordFailure(ip);
    return {
      waitMs: 0,
      succeeded: () => {
        this.perUser.reset(userKey);
        this.perAddress.cancel(ip, at);
      },
    };
  }
}
