/**
 * A token bucket per key (here: per API token). Each key may make `perSecond` requests a second on
 * average and a burst of `burstSeconds` worth at once. Memory is one small entry per key that was
 * seen; API tokens are few, and full buckets are dropped as they are found.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;

  constructor(
    readonly perSecond: number,
    readonly burstSeconds = 5,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, Math.round(perSecond * burstSeconds));
  }

  /** Takes one request from `key`'s budget: 0 if it may go ahead, else the milliseconds until it may. No limit when perSecond is 0. */
  take(key: string): number {
    if (this.perSecond <= 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.dropFullBuckets(now);
    return 0;
  }

  private dropFullBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}
