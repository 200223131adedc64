// The comparison: the one-task process on bpmn-engine, in this process, saving state to PostgreSQL at the wait
// state and at the end, at saturation (a fixed number of instances in flight).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBpmnEngineInstance } from './bpmn-engine-instance';
import { driveInFlight } from './drivers';
import { countWithin, summarizeLatencies, type LatencySummary } from './stats';
import type { StateStore } from './state-store';

export interface BpmnEngineResult {
  concurrency: number;
  instancesPerSecond: number;
  latency: LatencySummary;
  errors: number;
  firstError?: string;
  unfinished: number;
  benchRssPeakMb: number;
  /** CPU of the process running bpmn-engine (and its database client) over the measured window, % of one core. */
  cpuPercent: number;
}

export async function loadBpmnEngineModel(): Promise<unknown> {
  const source = readFileSync(join(__dirname, 'bpmn-engine-one-task.bpmn'), 'utf8');
  // Parsed once and shared, so the figure is about executing and persisting, not about parsing XML.
  // bpmn-moddle 10 ships no types for its main entry (and no default export); required with a typed shape.
  const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new () => { fromXML(xml: string): Promise<unknown> } };
  return new BpmnModdle().fromXML(source);
}

export async function benchBpmnEngine(
  store: StateStore,
  moddleContext: unknown,
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
  drainSeconds: number,
  idPrefix = 'c',
): Promise<BpmnEngineResult> {
  const endedAt: number[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  let rssPeak = process.memoryUsage().rss;
  let rssSampledAt = 0;
  let cpuFrom: NodeJS.CpuUsage | undefined;
  let cpuUsed: NodeJS.CpuUsage | undefined;
  let cpuWallFrom = 0;
  let cpuWallMs = 0;

  const began = performance.now();
  const windowFrom = began + warmupSeconds * 1000;
  const windowTo = began + seconds * 1000;
  // Sampled as instances finish, not on timers: with PGlite every await may settle as a microtask, so timers
  // can starve until the run is over.
  const sample = (now: number) => {
    if (now - rssSampledAt >= 200) {
      rssSampledAt = now;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    if (now >= windowFrom && !cpuFrom) {
      cpuFrom = process.cpuUsage();
      cpuWallFrom = now;
    }
    if (now >= windowTo && cpuFrom && !cpuUsed) {
      cpuUsed = process.cpuUsage(cpuFrom);
      cpuWallMs = now - cpuWallFrom;
    }
  };
  const { unsettled } = await driveInFlight(concurrency, seconds * 1000, drainSeconds * 1000, async () => {
    const start = performance.now();
    try {
      await runBpmnEngineInstance(moddleContext, `${idPrefix}${concurrency}-${++counter}`, store);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
      throw error;
    }
    const end = performance.now();
    sample(end);
    endedAt.push(end);
    if (start >= windowFrom && start < windowTo) latencies.push(end - start);
  });

  return {
    concurrency,
    instancesPerSecond: countWithin(endedAt, windowFrom, windowTo) / ((windowTo - windowFrom) / 1000),
    latency: summarizeLatencies(latencies),
    errors,
    firstError,
    unfinished: unsettled,
    benchRssPeakMb: rssPeak / 1024 / 1024,
    cpuPercent: cpuUsed && cpuWallMs > 0 ? ((cpuUsed.user + cpuUsed.system) / 1000 / cpuWallMs) * 100 : Number.NaN,
  };
}
