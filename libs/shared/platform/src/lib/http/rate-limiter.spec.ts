import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then one request per 1/rate seconds, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 5, () => now);
    for (let request = 0; request < 10; request += 1) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(500);
    expect(limiter.take('b')).toBe(0); // another key has its own budget
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(500);
    now += 60_000; // refills to the burst, never beyond
    for (let request = 0; request < 10; request += 1) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('does not limit when the rate is 0', () => {
    const limiter = new RateLimiter(0);
    for (let request = 0; request < 1000; request += 1) expect(limiter.take('a')).toBe(0);
  });
});
