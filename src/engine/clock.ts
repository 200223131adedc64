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
