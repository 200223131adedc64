/**
 * Slows down password guessing: after maxFailures failed logins within the window for one username, or
 * maxFailuresPerAddress from one client address (higher: a whole office may sit behind one NAT address),
 * further attempts are refused until the window has passed. In memory (one process), with the clock
 * injected so tests move time instead of waiting.
 *
 * An attempt counts as a failure from the moment it is admitted, before its password is checked: the check
 * (scrypt) is slow, and parallel requests must not all pass the limit while the first ones are still being
 * checked. A successful attempt takes its count back.
 */
export interface LoginLimiterOptions {
  now: () => Date;
  maxFailures?: number;
  maxFailuresPerAddress?: number;
  windowMs?: number;
  /** Most usernames and addresses remembered at once: a flood of made-up names cannot exhaust memory. */
  maxEntries?: number;
}

/** An admitted attempt, to be reported back when it succeeds. */
export interface LoginAttempt {
  username: string;
  address: string;
  at: number;
}

export type Admission =
  | { admitted: true; attempt: LoginAttempt }
  /** firstRefusal: the first refusal of this block, the one worth a line in the operation log. */
  | { admitted: false; retryAfterSeconds: number; firstRefusal: boolean };

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  /** Per key, the end of the block whose first refusal was already reported. */
  private readonly reported = new Map<string, number>();
  private readonly maxFailures: number;
  private readonly maxFailuresPerAddress: number;
  private readonly windowMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.maxFailures = options.maxFailures ?? 5;
    this.maxFailuresPerAddress = options.maxFailuresPerAddress ?? 30;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Admits an attempt (counting it at once as a failure) or refuses it while the name or address is blocked. */
  admit(username: string, address: string): Admission {
    const now = this.options.now().getTime();
    const blocked = this.blockedUntil(username, address, now);
    if (blocked.until > now) {
      const firstRefusal = this.reported.get(blocked.key) !== blocked.until;
      if (firstRefusal) this.remember(this.reported, blocked.key, blocked.until, now);
      return { admitted: false, retryAfterSeconds: Math.ceil((blocked.until - now) / 1000), firstRefusal };
    }
    this.recordFailure(username, address);
    return { admitted: true, attempt: { username, address, at: now } };
  }

  /** The attempt's password was right: the username starts afresh, the address forgets this attempt. */
  succeeded(attempt: LoginAttempt): void {
    this.recordSuccess(attempt.username);
    const key = `addr:${attempt.address}`;
    const times = this.failures.get(key);
    const index = times?.indexOf(attempt.at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    if (times && times.length === 0) this.failures.delete(key);
  }

  /** Seconds until a new attempt is allowed for this username or address; 0 when allowed now. */
  retryAfterSeconds(username: string, address: string): number {
    const now = this.options.now().getTime();
    const { until } = this.blockedUntil(username, address, now);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  recordFailure(username: string, address: string): void {
    const now = this.options.now().getTime();
    for (const key of this.keys(username, address)) this.remember(this.failures, key, [...this.recent(key, now), now], now);
  }

  /** A successful login forgets the username's failures (the address keeps its own). */
  recordSuccess(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }

  /** How many usernames and addresses are remembered (for the bound on memory). */
  get size(): number {
    return this.failures.size;
  }

  private blockedUntil(username: string, address: string, now: number): { key: string; until: number } {
    let blocked = { key: '', until: 0 };
    for (const key of this.keys(username, address)) {
      const limit = key.startsWith('addr:') ? this.maxFailuresPerAddress : this.maxFailures;
      const recent = this.recent(key, now);
      if (recent.length >= limit) {
        const until = recent[recent.length - limit] + this.windowMs;
        if (until > blocked.until) blocked = { key, until };
      }
    }
    return blocked;
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

  /** Sets a key, first dropping lapsed entries and then, if still full, the longest-remembered ones. */
  private remember<V>(map: Map<string, V>, key: string, value: V, now: number): void {
    if (!map.has(key) && map.size >= this.maxEntries) {
      this.forgetLapsed(now);
      for (const oldest of map.keys()) {
        if (map.size < this.maxEntries) break;
        map.delete(oldest);
      }
    }
    map.set(key, value);
  }

  private forgetLapsed(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    for (const [key, until] of [...this.reported]) if (until <= now) this.reported.delete(key);
  }
}
