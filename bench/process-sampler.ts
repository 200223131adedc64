// Samples a process's resident memory (VmRSS) and CPU time from /proc while a bench runs.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcessSample {
  rssMb: number;
  /** All threads of the process. */
  cpuSeconds: number;
  /**
   * The main thread alone (its thread id is the process id): in the engine, the JavaScript that processes
   * commands and serves gRPC; the rest is V8's garbage-collector helpers and, on PGlite, the database's thread.
   */
  mainThreadCpuSeconds: number;
}

export function readProcessSample(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return {
      rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
      cpuSeconds: cpuSecondsOf(`/proc/${pid}/stat`),
      mainThreadCpuSeconds: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`),
    };
  } catch {
    return undefined; // the process has gone
  }
}

/** utime + stime of a /proc stat file (fields 14 and 15 of the whole line, after the parenthesised name). */
function cpuSecondsOf(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds the PostgreSQL server on this machine has used so far: every process named `postgres`, plus the
 * postmaster's cutime + cstime, where the time of backends that have exited ends up (each connection is a
 * backend of its own, and the bench's come and go). Undefined when no such process runs here (a server on
 * another machine, say), so that nothing is printed rather than a wrong zero.
 */
export function postgresCpuSeconds(): number | undefined {
  let total: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while listed
    }
    if (commandOf(stat) !== 'postgres') continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[1] is the parent's pid: the postmaster's parent is not a postgres process.
    const isPostmaster = !isPostgres(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]) + (isPostmaster ? Number(fields[13]) + Number(fields[14]) : 0);
    total = (total ?? 0) + ticks / CLOCK_TICKS_PER_SECOND;
  }
  return total;
}

function isPostgres(pid: string): boolean {
  try {
    return commandOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) === 'postgres';
  } catch {
    return false;
  }
}

/** The command name of a /proc stat line: the text in its parentheses (which may itself hold some). */
function commandOf(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
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
