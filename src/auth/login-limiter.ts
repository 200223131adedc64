/**
 * Slows down password guessing: after maxFailures failed logins within the window for one username, or
 * maxFailuresPerAddress from one client address (higher: a whole office may sit behind one NAT address),
 * further attempts are refused until the window has passed. In memory (one process), with the clock
 * injected so tests move time instead of waiting.
 */
export interface LoginLimiterOptions {
  now: () => Date;
  maxFailures?: number;
  maxFailuresPerAddress?: number;
  windowMs?: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly maxFailuresPerAddress: number;
  private readonly windowMs: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.maxFailures = options.maxFailures ?? 5;
    this.maxFailuresPerAddress = options.maxFailuresPerAddress ?? 30;
    this.windowMs = options.windowMs ?? 15 * 60_000;
  }

  /** Seconds until a new attempt is allowed for this username or address; 0 when allowed now. */
  retryAfterSeconds(username: string, address: string): number {
    const now = this.options.now().getTime();
    let until = 0;
    for (const key of this.keys(username, address)) {
      const limit = key.startsWith('addr:') ? this.maxFailuresPerAddress : this.maxFailures;
      const recent = this.recent(key, now);
      if (recent.length >= limit) until = Math.max(until, recent[recent.length - limit] + this.windowMs);
    }
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  recordFailure(username: string, address: string): void {
    const now = this.options.now().getTime();
    for (const key of this.keys(username, address)) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** A successful login forgets the username's failures (the address keeps its own). */
  recordSuccess(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }

  private keys(username: string, address: string): string[] {
    return [`user:${username.toLowerCase()}`, `addr:${address}`];
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }
}
