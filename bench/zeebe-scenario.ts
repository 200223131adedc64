// One measured scenario against the engine: a load shape on one bench process, a warm-up excluded from the
// figures, then a drain so every instance started in the window can finish before the next scenario.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SaturationMode } from './config';
import { driveAtRate, driveInFlight, sleep } from './drivers';
import { postgresCpuSeconds, type ProcessSampler } from './process-sampler';
import { countWithin, summarizeLatencies, type LatencySummary } from './stats';
import type { BenchProcess, ZeebeDriver } from './zeebe-driver';

export type Load = { kind: 'rate'; perSecond: number } | { kind: 'in-flight'; count: number; mode: SaturationMode };

export interface ScenarioSpec {
  name: string;
  process: BenchProcess;
  load: Load;
  seconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  /** Print created / jobs completed / instances ended per second while it runs (BENCH_TRACE=1). */
  trace?: boolean;
  /** The engine's log is on the PostgreSQL server of this machine: measure that server's CPU too. */
  serverDatabase?: boolean;
}

export interface ScenarioResult {
  name: string;
  load: string;
  createdPerSecond: number;
  instancesPerSecond: number;
  jobsPerSecond: number;
  latency: LatencySummary;
  unfinished: number;
  errors: number;
  errorKinds: [string, number][];
  engineRssPeakMb: number;
  engineRssEndMb: number;
  engineCpuPercent: number;
  /** The engine's main thread alone (see ProcessSample.mainThreadCpuSeconds). */
  engineMainThreadCpuPercent: number;
  benchCpuPercent: number;
  /** The PostgreSQL server's processes (see postgresCpuSeconds); undefined on PGlite, which is in the engine's. */
  databaseCpuPercent?: number;
}

interface Sample {
  calledAt: number;
  key?: string;
  endedAt?: number;
}

export function describeLoad(load: Load): string {
  return load.kind === 'rate' ? `${load.perSecond}/s offered` : `${load.count} ${load.mode} in flight`;
}

export async function runScenario(driver: ZeebeDriver, sampler: ProcessSampler, spec: ScenarioSpec): Promise<ScenarioResult> {
  driver.errors.reset();
  driver.jobCompletions = [];
  driver.ends.clear();
  sampler.mark();

  const samples: Sample[] = [];
  const ends: Promise<number>[] = [];
  const startOne = () => {
    const sample: Sample = { calledAt: performance.now() };
    samples.push(sample);
    const { created, ended } = driver.startInstance(spec.process);
    created.then((key) => (sample.key = key)).catch(() => {});
    ends.push(ended.then((at) => (sample.endedAt = at)).catch(() => Number.NaN));
    return { created, ended };
  };

  const began = performance.now();
  const windowFrom = began + spec.warmupSeconds * 1000;
  const windowTo = began + spec.seconds * 1000;
  const cpu = measureCpuOverWindow(sampler, windowFrom - began, windowTo - began, spec.serverDatabase === true);

  const tracer = spec.trace ? traceEverySecond(driver, sampler, samples, began) : undefined;
  const load = spec.load;
  if (load.kind === 'rate') {
    await driveAtRate(load.perSecond, spec.seconds * 1000, () => void startOne());
  } else {
    await driveInFlight(load.count, spec.seconds * 1000, spec.drainSeconds * 1000, () => {
      const { created, ended } = startOne();
      return load.mode === 'instances' ? ended : created;
    });
  }
  const cpuPercent = await cpu;
  await Promise.race([Promise.allSettled(ends), sleep(spec.drainSeconds * 1000)]);
  if (tracer) clearInterval(tracer);
  const { peakMb, current } = sampler.read();

  const windowSeconds = (windowTo - windowFrom) / 1000;
  const inWindow = samples.filter((s) => s.calledAt >= windowFrom && s.calledAt < windowTo);
  const endedAt = samples.flatMap((s) => (s.endedAt === undefined ? [] : [s.endedAt]));
  return {
    name: spec.name,
    load: describeLoad(load),
    createdPerSecond: inWindow.filter((s) => s.key !== undefined).length / windowSeconds,
    instancesPerSecond: countWithin(endedAt, windowFrom, windowTo) / windowSeconds,
    jobsPerSecond: countWithin(driver.jobCompletions, windowFrom, windowTo) / windowSeconds,
    latency: summarizeLatencies(inWindow.flatMap((s) => (s.endedAt === undefined ? [] : [s.endedAt - s.calledAt]))),
    unfinished: samples.filter((s) => s.key !== undefined && s.endedAt === undefined).length,
    errors: driver.errors.total,
    errorKinds: [...driver.errors.counts.entries()],
    engineRssPeakMb: peakMb,
    engineRssEndMb: current?.rssMb ?? Number.NaN,
    engineCpuPercent: cpuPercent.engine,
    engineMainThreadCpuPercent: cpuPercent.engineMainThread,
    benchCpuPercent: cpuPercent.bench,
    databaseCpuPercent: cpuPercent.database,
  };
}

function traceEverySecond(driver: ZeebeDriver, sampler: ProcessSampler, samples: Sample[], began: number): NodeJS.Timeout {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let last = { at: began, called: 0, created: 0, ended: 0, jobs: 0, cpu: sampler.read().current?.cpuSeconds ?? 0 };
  return setInterval(() => {
    const now = performance.now();
    const next = {
      at: now,
      called: samples.length,
      created: samples.filter((s) => s.key !== undefined).length,
      ended: samples.filter((s) => s.endedAt !== undefined).length,
      jobs: driver.jobCompletions.length,
      cpu: sampler.read().current?.cpuSeconds ?? 0,
    };
    const seconds = (now - last.at) / 1000;
    // The slowest instance that ended in this second: places a tail spike in time (next to a GC, say).
    let slowest = 0;
    for (const s of samples) if (s.endedAt !== undefined && s.endedAt >= last.at && s.endedAt - s.calledAt > slowest) slowest = s.endedAt - s.calledAt;
    const rate = (key: 'called' | 'created' | 'ended' | 'jobs') => ((next[key] - last[key]) / seconds).toFixed(0).padStart(5);
    console.log(
      `    t=${((now - began) / 1000).toFixed(1).padStart(5)}s called/s ${rate('called')} created/s ${rate('created')} ` +
        `jobs/s ${rate('jobs')} ended/s ${rate('ended')} open ${next.called - next.ended} slowest ${slowest.toFixed(0)} ms ` +
        `engine CPU ${(((next.cpu - last.cpu) / seconds) * 100).toFixed(0)}%, bench loop lag max ${(lag.max / 1e6).toFixed(0)} ms`,
    );
    lag.reset();
    last = next;
  }, 1000);
}

/** CPU used by the engine process and by the bench process over the measured window, in % of one core. */
async function measureCpuOverWindow(sampler: ProcessSampler, fromMs: number, toMs: number, serverDatabase: boolean) {
  await sleep(fromMs);
  const engineFrom = sampler.read().current;
  const databaseFrom = serverDatabase ? postgresCpuSeconds() : undefined;
  const benchFrom = process.cpuUsage();
  const wallFrom = performance.now();
  await sleep(toMs - fromMs);
  const engineTo = sampler.read().current;
  const databaseTo = databaseFrom === undefined ? undefined : postgresCpuSeconds();
  const bench = process.cpuUsage(benchFrom);
  const wallSeconds = (performance.now() - wallFrom) / 1000;
  const percent = (seconds: number | undefined) => ((seconds ?? Number.NaN) / wallSeconds) * 100;
  return {
    engine: percent(engineTo && engineFrom && engineTo.cpuSeconds - engineFrom.cpuSeconds),
    engineMainThread: percent(engineTo && engineFrom && engineTo.mainThreadCpuSeconds - engineFrom.mainThreadCpuSeconds),
    bench: percent((bench.user + bench.system) / 1e6),
    database: databaseFrom === undefined || databaseTo === undefined ? undefined : percent(databaseTo - databaseFrom),
  };
}
