// Timer and message figures, and memory / restart time with many waiting instances.
//
// - timers:   N instances wait on a PT1H timer; the engine's clock is moved 2 h on (clock-control endpoint) and
//             the bench measures how long until every timer fired and every instance ended.
// - messages: N instances wait at a message catch event (correlation key = their own id); N messages are
//             published, `eventInFlight` at a time, and the bench measures how long until all correlated.
// - waiting:  N instances (half timer, half message) are created on a fresh engine; its RSS is read, then it
//             is killed (SIGKILL) and restarted, and stopped (SIGTERM, snapshot) and restarted, timing each start.
//
// Each bench process ends with a service task (`bench-timer-done`, `bench-message-done`) whose workers note
// when a job was activated (= the timer fired / the message correlated, and the token reached the task) and
// when its completion was answered (= the instance ended, the engine answers after the commit).
import { join } from 'node:path';
import type { ZBClient, ZBWorker } from 'zeebe-node';
import type { BenchConfig } from './config';
import { sleep } from './drivers';
import type { EngineProcess } from './engine-process';
import { readProcessSample } from './process-sampler';
import type { ErrorTally, ZeebeDriver } from './zeebe-driver';

export interface EventProcess {
  processId: string;
  file: string;
  doneTaskType: string;
}

export const TIMER_PROCESS: EventProcess = {
  processId: 'bench-timer',
  file: join(__dirname, 'bench-timer.bpmn'),
  doneTaskType: 'bench-timer-done',
};

export const MESSAGE_PROCESS: EventProcess = {
  processId: 'bench-message',
  file: join(__dirname, 'bench-message.bpmn'),
  doneTaskType: 'bench-message-done',
};

export const MESSAGE_NAME = 'bench-message';
const HOUR_MS = 3_600_000;

export interface WorkerOptions {
  workers: number;
  maxJobsToActivate: number;
  pollIntervalMs: number;
}

/** Workers for one `...-done` task type that complete every job and note when. */
export class DoneCounter {
  activatedAt: number[] = [];
  completedAt: number[] = [];
  private readonly workers: ZBWorker<any, any, any>[] = [];

  constructor(client: ZBClient, taskType: string, options: WorkerOptions, errors: ErrorTally) {
    for (let i = 0; i < options.workers; i++) {
      this.workers.push(
        client.createWorker({
          taskType,
          maxJobsToActivate: options.maxJobsToActivate,
          pollInterval: options.pollIntervalMs,
          fetchVariable: [],
          taskHandler: async (job) => {
            this.activatedAt.push(performance.now());
            try {
              await client.completeJob({ jobKey: job.key, variables: {} });
              this.completedAt.push(performance.now());
            } catch (error) {
              errors.add(`completeJob ${taskType}`, error);
            }
            return job.forward();
          },
        }),
      );
    }
  }

  reset(): void {
    this.activatedAt = [];
    this.completedAt = [];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close(2000).catch(() => {})));
  }
}

/**
 * Runs `call(i)` for i = 0..total-1 with `inFlight` calls at a time. A rejected call is counted in `errors`
 * and tried again (up to 5 times, with a short pause), so the count of instances stays exact when the engine
 * pushes back. Returns the wall time and how many calls never succeeded.
 */
export async function callMany(
  total: number,
  inFlight: number,
  errors: ErrorTally,
  source: string,
  call: (i: number) => Promise<unknown>,
): Promise<{ ms: number; failed: number; lastAnsweredAt: number }> {
  const began = performance.now();
  let next = 0;
  let failed = 0;
  let lastAnsweredAt = began;
  const slot = async () => {
    while (next < total) {
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          await call(i);
          lastAnsweredAt = performance.now();
          break;
        } catch (error) {
          errors.add(source, error);
          if (attempt >= 5) {
            failed++;
            break;
          }
          await sleep(20 * attempt);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, slot));
  return { ms: performance.now() - began, failed, lastAnsweredAt };
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() >= until) return false;
    await sleep(10);
  }
  return true;
}

export async function moveClock(clockPort: number, offsetMilli: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${clockPort}/actuator/clock/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMilli }),
  });
  if (!response.ok) throw new Error(`Expected the clock endpoint to move the clock, but it answered ${response.status}: ${await response.text()}`);
}

const rssMb = (pid: number) => readProcessSample(pid)?.rssMb ?? Number.NaN;
const cpuSeconds = (pid: number) => readProcessSample(pid)?.cpuSeconds ?? Number.NaN;
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : Number.NaN);

export interface EventResult {
  name: string;
  instances: number;
  createdPerSecond: number;
  /** Timers fired / messages correlated per second: instances whose done-job was activated, over the time to the last. */
  eventsPerSecond: number;
  /** Instances ended per second (done-job completion answered), over the time to the last. */
  endedPerSecond: number;
  /** Messages: publish calls answered per second. */
  publishedPerSecond?: number;
  eventsMs: number;
  endedMs: number;
  firstEventMs: number;
  unfinished: number;
  failedCalls: number;
  errors: number;
  errorKinds: [string, number][];
  rssWaitingMb: number;
  rssEndMb: number;
  engineCpuPercent: number;
}

/** After the trigger at `t0`: waits until `expected` done-jobs completed (or the drain runs out) and sums up. */
async function measureRun(
  counter: DoneCounter,
  expected: number,
  t0: number,
  pid: number,
  cpuFrom: number,
  drainSeconds: number,
): Promise<Pick<EventResult, 'eventsPerSecond' | 'endedPerSecond' | 'eventsMs' | 'endedMs' | 'firstEventMs' | 'unfinished' | 'engineCpuPercent'>> {
  await waitUntil(() => counter.completedAt.length >= expected, drainSeconds * 1000);
  const cpuTo = cpuSeconds(pid);
  const activated = counter.activatedAt.length;
  const completed = counter.completedAt.length;
  const eventsMs = activated ? counter.activatedAt[activated - 1] - t0 : Number.NaN;
  const endedMs = completed ? counter.completedAt[completed - 1] - t0 : Number.NaN;
  return {
    eventsMs,
    endedMs,
    eventsPerSecond: perSecond(activated, eventsMs),
    endedPerSecond: perSecond(completed, endedMs),
    firstEventMs: activated ? counter.activatedAt[0] - t0 : Number.NaN,
    unfinished: expected - completed,
    engineCpuPercent: ((cpuTo - cpuFrom) / ((Number.isFinite(endedMs) ? endedMs : drainSeconds * 1000) / 1000)) * 100,
  };
}

function workerOptions(config: BenchConfig): WorkerOptions {
  return { workers: config.workers, maxJobsToActivate: config.maxJobsToActivate, pollIntervalMs: config.pollIntervalMs };
}

/** Timers: N instances on a PT1H timer, then the clock 2 h on; fired/s and ended/s. */
export async function runTimers(driver: ZeebeDriver, pid: number, clockPort: number, config: BenchConfig): Promise<EventResult> {
  driver.errors.reset();
  await driver.client.deployResource({ processFilename: TIMER_PROCESS.file });
  const counter = new DoneCounter(driver.client, TIMER_PROCESS.doneTaskType, workerOptions(config), driver.errors);
  try {
    const total = config.eventInstances;
    const created = await callMany(total, config.eventInFlight, driver.errors, 'createProcessInstance', () =>
      driver.client.createProcessInstance({ bpmnProcessId: TIMER_PROCESS.processId, variables: {} }),
    );
    const waiting = total - created.failed;
    await sleep(500);
    const rssWaitingMb = rssMb(pid);
    const early = counter.activatedAt.length; // none expected: the timers are an hour away
    counter.reset();

    const cpuFrom = cpuSeconds(pid);
    const t0 = performance.now();
    await moveClock(clockPort, 2 * HOUR_MS);
    const measured = await measureRun(counter, waiting, t0, pid, cpuFrom, config.eventDrainSeconds);
    if (early > 0) driver.errors.add('timers', { message: `${early} timers fired before the clock was moved` });
    return {
      name: 'timers',
      instances: waiting,
      createdPerSecond: perSecond(waiting, created.ms),
      ...measured,
      failedCalls: created.failed,
      errors: driver.errors.total,
      errorKinds: [...driver.errors.counts.entries()],
      rssWaitingMb,
      rssEndMb: rssMb(pid),
    };
  } finally {
    await counter.close();
  }
}

/** Messages: N instances at a message catch event, then N messages published; correlations/s and ended/s. */
export async function runMessages(driver: ZeebeDriver, pid: number, config: BenchConfig): Promise<EventResult> {
  driver.errors.reset();
  await driver.client.deployResource({ processFilename: MESSAGE_PROCESS.file });
  const counter = new DoneCounter(driver.client, MESSAGE_PROCESS.doneTaskType, workerOptions(config), driver.errors);
  try {
    const total = config.eventInstances;
    const tag = `m${Date.now().toString(36)}`; // unique per run: a second run on the same engine does not collide
    const ids: (string | undefined)[] = new Array(total);
    const created = await callMany(total, config.eventInFlight, driver.errors, 'createProcessInstance', async (i) => {
      await driver.client.createProcessInstance({ bpmnProcessId: MESSAGE_PROCESS.processId, variables: { id: `${tag}-${i}` } });
      ids[i] = `${tag}-${i}`;
    });
    const waitingIds = ids.filter((id): id is string => id !== undefined);
    await sleep(500);
    const rssWaitingMb = rssMb(pid);
    counter.reset();

    const cpuFrom = cpuSeconds(pid);
    const t0 = performance.now();
    const published = await callMany(waitingIds.length, config.eventInFlight, driver.errors, 'publishMessage', (i) =>
      driver.client.publishMessage({ name: MESSAGE_NAME, correlationKey: waitingIds[i], variables: {}, timeToLive: 0 }),
    );
    const measured = await measureRun(counter, waitingIds.length - published.failed, t0, pid, cpuFrom, config.eventDrainSeconds);
    return {
      name: 'messages',
      instances: waitingIds.length,
      createdPerSecond: perSecond(waitingIds.length, created.ms),
      publishedPerSecond: perSecond(waitingIds.length - published.failed, published.lastAnsweredAt - t0),
      ...measured,
      failedCalls: created.failed + published.failed,
      errors: driver.errors.total,
      errorKinds: [...driver.errors.counts.entries()],
      rssWaitingMb,
      rssEndMb: rssMb(pid),
    };
  } finally {
    await counter.close();
  }
}

export function printEvent(db: string, result: EventResult): string {
  const what = result.name === 'timers' ? 'timers fired' : 'messages correlated';
  const line =
    `  ${result.name} [${db}, ${result.instances} waiting]: ${fixed(result.eventsPerSecond, 1)} ${what}/s ` +
    `(first after ${fixed(result.firstEventMs)} ms, last after ${fixed(result.eventsMs / 1000, 2)} s), ` +
    `${fixed(result.endedPerSecond, 1)} instances ended/s (last after ${fixed(result.endedMs / 1000, 2)} s)` +
    (result.publishedPerSecond !== undefined ? `, ${fixed(result.publishedPerSecond, 1)} publishes answered/s` : '') +
    `; created beforehand at ${fixed(result.createdPerSecond, 1)}/s; unfinished ${result.unfinished}, failed calls ${result.failedCalls}, ` +
    `errors ${result.errors}; engine RSS ${fixed(result.rssWaitingMb)} MB waiting, ${fixed(result.rssEndMb)} MB after; ` +
    `engine CPU ${fixed(result.engineCpuPercent)}% meanwhile`;
  console.log(line);
  for (const [kind, count] of result.errorKinds.slice(0, 8)) console.log(`    ${count} x ${kind}`);
  return line.trim();
}

/** Where the log ends and where the newest snapshot is (server only: PGlite's files belong to the engine). */
export interface LogPositions {
  lastPosition: number;
  snapshotPosition: number | undefined;
}

export interface WaitingResult {
  instances: number;
  failedCalls: number;
  createdPerSecond: number;
  freshStartMs: number;
  rssBeforeMb: number;
  rssWaitingMb: number;
  killRestartMs: number;
  rssAfterKillRestartMb: number;
  termStopMs: number;
  termExitCode: number | null;
  termRestartMs: number;
  rssAfterTermRestartMb: number;
  /** Messages published after the restarts that correlated and ended their instance. */
  checksOk: number;
  checks: number;
  logAtKill?: LogPositions;
  logAtTerm?: LogPositions;
  errors: number;
  errorKinds: [string, number][];
}

/**
 * On a fresh engine: N waiting instances (even i: timer, odd i: message), RSS, then SIGKILL + restart (the last
 * periodic snapshot plus the log after it), one message correlated, then SIGTERM (snapshot on the way out) +
 * restart (the snapshot alone), and one more message correlated.
 */
export async function runWaiting(
  engine: EngineProcess,
  newDriver: () => ZeebeDriver,
  config: BenchConfig,
  progress: (message: string) => void,
  logPositions?: () => Promise<LogPositions>,
): Promise<WaitingResult> {
  const total = config.waitingInstances;
  const freshStartMs = engine.startupMs;
  let driver = newDriver();
  const errors = driver.errors;
  const tag = `w${Date.now().toString(36)}`;
  const messageIds: string[] = [];
  let created: Awaited<ReturnType<typeof callMany>>;
  let rssBeforeMb: number;
  try {
    await driver.client.deployResource({ processFilename: TIMER_PROCESS.file });
    await driver.client.deployResource({ processFilename: MESSAGE_PROCESS.file });
    rssBeforeMb = rssMb(engine.pid);
    let done = 0;
    const ticker = setInterval(() => progress(`${done} of ${total} created`), 15_000);
    try {
      created = await callMany(total, config.eventInFlight, errors, 'createProcessInstance', async (i) => {
        if (i % 2 === 0) {
          await driver.client.createProcessInstance({ bpmnProcessId: TIMER_PROCESS.processId, variables: {} });
        } else {
          await driver.client.createProcessInstance({ bpmnProcessId: MESSAGE_PROCESS.processId, variables: { id: `${tag}-${i}` } });
          messageIds.push(`${tag}-${i}`);
        }
        done++;
      });
    } finally {
      clearInterval(ticker);
    }
  } finally {
    await driver.close();
  }
  await sleep(2000);
  const rssWaitingMb = rssMb(engine.pid);
  progress(`${total - created.failed} waiting after ${fixed(created.ms / 1000, 1)} s, engine RSS ${fixed(rssWaitingMb)} MB; SIGKILL and restart`);

  // A crash: the restart reads the last periodic snapshot (if any) and replays every record after it.
  await engine.kill();
  const logAtKill = await logPositions?.().catch(() => undefined);
  await engine.start();
  const killRestartMs = engine.startupMs;
  await sleep(1000);
  const rssAfterKillRestartMb = rssMb(engine.pid);
  progress(`restarted after SIGKILL in ${fixed(killRestartMs / 1000, 2)} s, RSS ${fixed(rssAfterKillRestartMb)} MB; one message, then SIGTERM and restart`);

  // One message correlates (the subscriptions survived), which also appends records, so that SIGTERM writes a
  // snapshot on the way out (the engine writes none when nothing happened since it started).
  let checks = 0;
  let checksOk = 0;
  const check = async (): Promise<void> => {
    const id = messageIds[checks++];
    if (id === undefined) return;
    driver = newDriver();
    const counter = new DoneCounter(driver.client, MESSAGE_PROCESS.doneTaskType, { workers: 1, maxJobsToActivate: 10, pollIntervalMs: 50 }, errors);
    try {
      await driver.client.publishMessage({ name: MESSAGE_NAME, correlationKey: id, variables: {}, timeToLive: 0 });
      if (await waitUntil(() => counter.completedAt.length === 1, 30_000)) checksOk++;
    } catch (error) {
      errors.add('check after restart', error);
    } finally {
      await counter.close();
      await driver.close();
    }
  };
  await check();

  const stopped = await engine.stop(300_000);
  const logAtTerm = await logPositions?.().catch(() => undefined);
  await engine.start();
  const termRestartMs = engine.startupMs;
  await sleep(1000);
  const rssAfterTermRestartMb = rssMb(engine.pid);
  progress(`stopped by SIGTERM in ${fixed(stopped.ms / 1000, 2)} s, restarted in ${fixed(termRestartMs / 1000, 2)} s, RSS ${fixed(rssAfterTermRestartMb)} MB`);
  await check();
  return {
    instances: total - created.failed,
    failedCalls: created.failed,
    createdPerSecond: perSecond(total - created.failed, created.ms),
    freshStartMs,
    rssBeforeMb,
    rssWaitingMb,
    killRestartMs,
    rssAfterKillRestartMb,
    termStopMs: stopped.ms,
    termExitCode: stopped.code,
    termRestartMs,
    rssAfterTermRestartMb,
    checksOk,
    checks,
    logAtKill,
    logAtTerm,
    errors: errors.total,
    errorKinds: [...errors.counts.entries()],
  };
}

export function printWaiting(db: string, r: WaitingResult): string {
  const perInstanceKb = ((r.rssWaitingMb - r.rssBeforeMb) * 1024) / r.instances;
  const line =
    `  waiting [${db}, ${r.instances} instances, half timer / half message]: created at ${fixed(r.createdPerSecond, 1)}/s; ` +
    `engine RSS ${fixed(r.rssWaitingMb)} MB with them (${fixed(r.rssBeforeMb)} MB before` +
    // PGlite's memory (in the engine process) only grows, so the difference says little there.
    `${perInstanceKb > 0 ? `, ~${fixed(perInstanceKb, 1)} KB per instance` : ''}); ` +
    `restart after SIGKILL ${fixed(r.killRestartMs / 1000, 2)} s (RSS ${fixed(r.rssAfterKillRestartMb)} MB), ` +
    `SIGTERM stop ${fixed(r.termStopMs / 1000, 2)} s (exit ${r.termExitCode}) + restart ${fixed(r.termRestartMs / 1000, 2)} s ` +
    `(RSS ${fixed(r.rssAfterTermRestartMb)} MB); empty-log start ${fixed(r.freshStartMs / 1000, 2)} s; ` +
    `${r.checksOk} of ${r.checks} messages after the restarts correlated; failed calls ${r.failedCalls}, errors ${r.errors}`;
  const replay = (at: LogPositions | undefined) =>
    at ? `: ${at.lastPosition - (at.snapshotPosition ?? 0)} records after the ${at.snapshotPosition === undefined ? 'start (no snapshot)' : `snapshot at ${at.snapshotPosition}`}` : '';
  const logLine = r.logAtKill || r.logAtTerm ? `\n    log at the SIGKILL${replay(r.logAtKill)}; at the SIGTERM${replay(r.logAtTerm)}` : '';
  console.log(line + logLine);
  for (const [kind, count] of r.errorKinds.slice(0, 8)) console.log(`    ${count} x ${kind}`);
  return (line + logLine).trim();
}
