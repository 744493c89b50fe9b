/**
 * Slows password guessing: after too many failed sign-ins from one address (for one user name, or in
 * all), that address must wait. Counted per pair first, so a guesser elsewhere cannot lock a person
 * out. Kept in memory: each hub process counts its own; a restart forgets.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits = { perName: 5, perAddress: 20, windowMs: 15 * 60_000, maxKeys: 10_000 }) {}

  /** Milliseconds until this address may try this name again; 0 if it may now. */
  waitFor(name: string, address: string, now: number): number {
    const waits = [
      this.wait(`name:${name.toLowerCase()}|${address}`, this.limits.perName, now),
      this.wait(`address:${address}`, this.limits.perAddress, now),
    ];
    return Math.max(...waits);
  }

  failed(name: string, address: string, now: number): void {
    if (this.failures.size >= this.limits.maxKeys) this.forgetOld(now);
    for (const key of [`name:${name.toLowerCase()}|${address}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  /** A successful sign-in clears that name's count from that address. */
  succeeded(name: string, address: string): void {
    this.failures.delete(`name:${name.toLowerCase()}|${address}`);
  }

  private wait(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    return recent.length < limit ? 0 : recent[recent.length - limit] + this.limits.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
  }

  private forgetOld(now: number): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key, now).length === 0) this.failures.delete(key);
    // Still full of live entries (a flood): drop the oldest keys rather than grow without bound.
    for (const key of [...this.failures.keys()].slice(0, Math.max(0, this.failures.size - this.limits.maxKeys + 1)))
      this.failures.delete(key);
  }
}
