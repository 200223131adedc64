// Samples a process's resident memory (VmRSS) and CPU time from /proc while a bench runs.
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcessSample {
  rssMb: number;
  cpuSeconds: number;
}

export function readProcessSample(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, cpuSeconds: cpuTicks / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined; // the process has gone
  }
}

/** Keeps the peak RSS since the last mark; a mark starts a new window (one per scenario). */
export class ProcessSampler {
  private timer: NodeJS.Timeout | undefined;
  private windowPeakMb = 0;
  private overallPeakMb = 0;
  private last: ProcessSample | undefined;

  constructor(private readonly pid: number, private readonly intervalMs = 200) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Starts a new window and returns the current sample. */
  mark(): ProcessSample | undefined {
    this.sample();
    this.windowPeakMb = this.last?.rssMb ?? 0;
    return this.last;
  }

  /** Peak RSS within the window, and the current sample (end RSS, CPU time so far). */
  read(): { peakMb: number; current: ProcessSample | undefined } {
    this.sample();
    return { peakMb: this.windowPeakMb, current: this.last };
  }

  get overallPeak(): number {
    return this.overallPeakMb;
  }

  private sample(): void {
    const sample = readProcessSample(this.pid);
    if (!sample) return;
    this.last = sample;
    this.windowPeakMb = Math.max(this.windowPeakMb, sample.rssMb);
    this.overallPeakMb = Math.max(this.overallPeakMb, sample.rssMb);
  }
}
