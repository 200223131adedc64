/**
 * The engine reads time only from here. The system clock is the default; tests use ManualClock and move
 * time forward instantly instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls back once at (or after) the given epoch milliseconds; returns a cancel function. */
  setTimer(at: number, callback: () => void): () => void;
}

const MAX_TIMEOUT = 2 ** 31 - 1;

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, callback: () => void): () => void {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      handle = delay > MAX_TIMEOUT ? setTimeout(arm, MAX_TIMEOUT) : setTimeout(callback, Math.max(0, delay));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}

export class ManualClock implements Clock {
  private timers: Array<{ at: number; callback: () => void }> = [];

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, callback: () => void): () => void {
    const timer = { at, callback };
    this.timers.push(timer);
    if (at <= this.current) queueMicrotask(() => this.fireDue());
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward and fires every timer that has come due. */
  advance(milliseconds: number): void {
    this.current += milliseconds;
    this.fireDue();
  }

  private fireDue(): void {
    const due = this.timers.filter((t) => t.at <= this.current);
    this.timers = this.timers.filter((t) => t.at > this.current);
    for (const timer of due) timer.callback();
  }
}

/**
 * The system clock, but movable: it can be pinned to an instant or shifted by an offset, and its timers
 * follow. Only used when clock control is switched on (ZEEBE_CLOCK_CONTROL=true), for tests and demos
 * that must see a June planning round or a deadline without waiting for it.
 */
export class ControlledClock implements Clock {
  private offset = 0;
  private pinned: number | undefined;
  private readonly timers = new Set<{ at: number; callback: () => void; handle?: NodeJS.Timeout }>();

  now(): number {
    return this.pinned ?? Date.now() + this.offset;
  }

  setTimer(at: number, callback: () => void): () => void {
    const timer = { at, callback, handle: undefined as NodeJS.Timeout | undefined };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  /** Stops the clock at an instant (epoch milliseconds). */
  pin(epochMilli: number): void {
    this.pinned = epochMilli;
    this.rearm();
  }

  /** Moves the clock by an offset (milliseconds, may be negative); a pinned clock stays pinned. */
  add(offsetMilli: number): void {
    if (this.pinned !== undefined) this.pinned += offsetMilli;
    else this.offset += offsetMilli;
    this.rearm();
  }

  /** Back to the system time. */
  reset(): void {
    this.offset = 0;
    this.pinned = undefined;
    this.rearm();
  }

  private rearm(): void {
    for (const timer of this.timers) this.arm(timer);
  }

  private arm(timer: { at: number; callback: () => void; handle?: NodeJS.Timeout }): void {
    clearTimeout(timer.handle);
    const delay = timer.at - this.now();
    // A pinned clock does not move: a timer in its future waits until the clock is moved again.
    if (this.pinned !== undefined && delay > 0) return;
    timer.handle = setTimeout(() => {
      this.timers.delete(timer);
      timer.callback();
    }, Math.min(Math.max(0, delay), MAX_TIMEOUT));
    timer.handle.unref?.();
  }
}
