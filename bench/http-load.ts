// Closed-loop HTTP load: a fixed number of clients, each sending its next request when the previous one was
// answered, for a fixed time; repeated a few times, the figures of each run and their median.
import { percentile } from './stats';

/** One request (or a short sequence, e.g. claim then complete); false when the answer was not the expected one. */
export type Request = () => Promise<boolean>;

export interface LoadSpec {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  runs: number;
}

export interface RunFigures {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadFigures extends RunFigures {
  runs: RunFigures[];
}

async function runOnce(request: Request, spec: LoadSpec): Promise<RunFigures> {
  const started = performance.now();
  const measureFrom = started + spec.warmupSeconds * 1000;
  const end = measureFrom + spec.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let exhausted = false;
  const client = async () => {
    while (!exhausted && performance.now() < end) {
      const sent = performance.now();
      let ok = false;
      try {
        ok = await request();
      } catch (error) {
        // A source of work that ran dry (claim+complete) stops the run; the figures cover what was done.
        if ((error as Error).message === EXHAUSTED) exhausted = true;
      }
      const answered = performance.now();
      if (sent < measureFrom || answered > end) continue;
      latencies.push(answered - sent);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, client));
  const measuredSeconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: measuredSeconds > 0 ? latencies.length / measuredSeconds : Number.NaN,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}

export const EXHAUSTED = 'bench: no more work for this request';

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Each figure is the median over the runs (so p99 is the median of the runs' p99s). */
export async function measure(request: Request, spec: LoadSpec): Promise<LoadFigures> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < spec.runs; i++) runs.push(await runOnce(request, spec));
  const pick = (key: keyof RunFigures) => median(runs.map((run) => run[key]));
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    perSecond: pick('perSecond'),
    p50: pick('p50'),
    p95: pick('p95'),
    p99: pick('p99'),
    runs,
  };
}
