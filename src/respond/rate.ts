/**
 * Spaces calls to one rate: LookupEvents allows 2 requests a second per
 * account and region, so each region gets its own limiter and regions run in
 * parallel. No burst: calls are spaced evenly, because a burst of two followed
 * by a third 500 ms later would already exceed 2 in a one-second window.
 */
export class RateLimiter {
  private nextAt = 0;
  intervalMs: number;
  private readonly baseMs: number;

  constructor(
    perSecond: number,
    /** Slack for jitter: requests leave 550 ms apart but may arrive closer if the network delays one more than the next. */
    margin = 1.1,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.intervalMs = this.baseMs = (1000 / perSecond) * margin;
  }

  /** Resolves when the caller may send. */
  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }

  /**
   * After a throttling error: nothing more for a while, and calls spaced a
   * quarter wider from now on (up to twice the base), since arrivals were
   * bunching closer than they left.
   */
  backOff(ms: number): void {
    this.nextAt = Math.max(this.nextAt, Date.now() + ms);
    this.intervalMs = Math.min(this.intervalMs * 1.25, this.baseMs * 2);
  }
}
