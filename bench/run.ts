// `npm run bench`: throughput and latency figures for the embedded engine (driven through zeebe-node, as any
// client would), on PGlite and on a PostgreSQL server, and bpmn-engine on the same databases for comparison.
// Prints figures; asserts nothing. Settings: see config.ts (BENCH_DB, BENCH_SECONDS, BENCH_QUICK, ...).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BpmnEngineResult } from './bpmn-engine-bench';
import { runBpmnEngineJob, type BpmnEngineJob } from './bpmn-engine-job';
import { readConfig, type BenchConfig, type DatabaseChoice } from './config';
import { EngineProcess, findFreePort } from './engine-process';
import { Client } from 'pg';
import { printEvent, printWaiting, runMessages, runTimers, runWaiting, type LogPositions } from './event-scenarios';
import { ProcessSampler } from './process-sampler';
import { bpmnEngineRow, printBpmnEngine, printScenario, printTable, scenarioRow, type Row } from './report';
import { createServerDatabase } from './server-database';
import { printStockClient, runStockClient } from './stock-client-scenario';
import { ONE_TASK, TEN_TASKS, ZeebeDriver } from './zeebe-driver';
import { runScenario, type ScenarioResult, type ScenarioSpec } from './zeebe-scenario';

interface DatabaseRun {
  db: DatabaseChoice;
  rows: Row[];
  oneTaskSaturation?: ScenarioResult;
  bestBpmnEngine?: BpmnEngineResult;
  /** Lines of the timers / messages / waiting figures, repeated in the summary. */
  eventLines: string[];
  notes: string[];
}

const cleanups: (() => Promise<unknown>)[] = [];

function scenarios(config: BenchConfig): ScenarioSpec[] {
  const common = {
    seconds: config.seconds,
    warmupSeconds: config.warmupSeconds,
    drainSeconds: config.drainSeconds,
    trace: config.trace,
  };
  const saturation = { kind: 'in-flight' as const, count: config.saturationInFlight, mode: config.saturationMode };
  const all: [string, ScenarioSpec][] = [
    ['one-rate', { name: 'one-task rate', process: ONE_TASK, load: { kind: 'rate', perSecond: config.oneTaskRate }, ...common }],
    ['one-sat', { name: 'one-task saturation', process: ONE_TASK, load: saturation, ...common }],
    ['ten-rate', { name: 'ten-tasks rate', process: TEN_TASKS, load: { kind: 'rate', perSecond: config.tenTasksRate }, ...common }],
    ['ten-sat', { name: 'ten-tasks saturation', process: TEN_TASKS, load: saturation, ...common }],
  ];
  return all.filter(([short]) => config.scenarios.includes(short)).map(([, spec]) => spec);
}

async function runBpmnEngine(config: BenchConfig, run: DatabaseRun, store: BpmnEngineJob['store']): Promise<void> {
  const job: BpmnEngineJob = {
    store,
    concurrency: config.bpmnEngineConcurrency,
    warmupRunSeconds: config.engineWarmupSeconds,
    seconds: config.seconds,
    warmupSeconds: config.warmupSeconds,
    drainSeconds: config.drainSeconds,
  };
  try {
    await runBpmnEngineJob(
      job,
      (description) => console.log(`bpmn-engine (own process), state saved to ${description}`),
      (result) => {
        printBpmnEngine(run.db, result);
        console.log(`    machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
        run.rows.push(bpmnEngineRow(run.db, result));
        if (!run.bestBpmnEngine || result.instancesPerSecond > run.bestBpmnEngine.instancesPerSecond) run.bestBpmnEngine = result;
      },
    );
  } catch (error) {
    run.notes.push(`bpmn-engine comparison failed: ${(error as Error).message}`);
    console.log(`  bpmn-engine comparison failed: ${(error as Error).message}`);
  }
}

const MAIN_ENGINE_SCENARIOS = ['one-rate', 'one-sat', 'ten-rate', 'ten-sat', 'timers', 'messages', 'stock-clients'];

async function runEngine(config: BenchConfig, run: DatabaseRun, dataDir: string, databaseUrl?: string): Promise<void> {
  const port = await findFreePort();
  // The timers scenario moves the engine's clock through its clock-control endpoint (tests and demos only).
  const clockPort = config.scenarios.includes('timers') ? await findFreePort() : undefined;
  const engine = new EngineProcess({
    port,
    dataDir,
    databaseUrl,
    logFile: join(dataDir, '..', `engine-${run.db}.log`),
    startTimeoutMs: config.engineStartTimeoutSeconds * 1000,
    nodeArgs: config.engineNodeArgs,
    env: clockPort ? { ZEEBE_CLOCK_CONTROL: 'true', ZEEBE_CLOCK_PORT: String(clockPort) } : undefined,
  });
  console.log(`engine on ${run.db}: starting on port ${port} (log: ${join(dataDir, '..', `engine-${run.db}.log`)})`);
  const stopEngine = () => engine.stop();
  cleanups.push(stopEngine);
  try {
    await engine.start();
  } catch (error) {
    run.notes.push(`engine did not start: ${(error as Error).message}`);
    console.log(`  engine did not start: ${(error as Error).message}`);
    await engine.stop();
    return;
  }
  const sampler = new ProcessSampler(engine.pid);
  sampler.start();
  console.log(`  ready after ${engine.startupMs.toFixed(0)} ms, RSS ${sampler.mark()?.rssMb.toFixed(0)} MB`);

  const driver = new ZeebeDriver({
    host: config.gatewayHost,
    port,
    workers: config.workers,
    maxJobsToActivate: config.maxJobsToActivate,
    pollIntervalMs: config.pollIntervalMs,
  });
  try {
    await driver.deploy([ONE_TASK, TEN_TASKS]);
    driver.startWorkers();
    const smoke = driver.startInstance(ONE_TASK);
    const smokeStarted = performance.now();
    const smokeOutcome = await Promise.race([
      smoke.ended.then(() => 'ok' as const),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000)),
    ]);
    if (smokeOutcome !== 'ok') throw new Error('Expected a first one-task instance to end within 30 s, but it did not');
    console.log(`  first instance ended after ${(performance.now() - smokeStarted).toFixed(0)} ms (deploy + create + job complete)`);

    if (config.engineWarmupSeconds > 0) {
      // Unmeasured: lets the engine's JIT and caches warm up before the first figures.
      for (const benchProcess of [ONE_TASK, TEN_TASKS]) {
        await runScenario(driver, sampler, {
          name: 'engine warm-up',
          process: benchProcess,
          load: { kind: 'in-flight', count: config.saturationInFlight, mode: 'instances' },
          seconds: config.engineWarmupSeconds,
          warmupSeconds: 0,
          drainSeconds: config.drainSeconds,
        });
      }
      console.log(`  engine warmed up (${config.engineWarmupSeconds} s one-task + ${config.engineWarmupSeconds} s ten-tasks, not measured)`);
    }
    for (const spec of scenarios(config)) {
      const result = await runScenario(driver, sampler, { ...spec, serverDatabase: run.db === 'server' });
      printScenario(run.db, result);
      console.log(`    machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
      run.rows.push(scenarioRow(run.db, result));
      if (spec.name === 'one-task saturation') run.oneTaskSaturation = result;
      if (engine.unexpectedExit) throw new Error(engine.unexpectedExit);
    }
    if (clockPort !== undefined) {
      console.log(`  timers: ${config.eventInstances} instances on a PT1H timer, then the clock 2 h on`);
      run.eventLines.push(printEvent(run.db, await runTimers(driver, engine.pid, clockPort, config)));
      console.log(`    machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
      if (engine.unexpectedExit) throw new Error(engine.unexpectedExit);
    }
    if (config.scenarios.includes('messages')) {
      console.log(`  messages: ${config.eventInstances} instances at a message catch event, then as many messages published`);
      run.eventLines.push(printEvent(run.db, await runMessages(driver, engine.pid, config)));
      console.log(`    machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
      if (engine.unexpectedExit) throw new Error(engine.unexpectedExit);
    }
    if (config.scenarios.includes('stock-clients')) {
      for (const client of ['zeebe-node', 'sdk'] as const) {
        console.log(`  stock ${client} (own lockfile, no overrides), ${config.seconds} s, ${config.saturationInFlight} calls in flight`);
        const line = printStockClient(run.db, client, await runStockClient(client, port, engine.pid, config.seconds, config.saturationInFlight));
        console.log(`  ${line}`);
        run.eventLines.push(line);
      }
    }
  } catch (error) {
    const e = error as { code?: number; details?: string; message?: string };
    run.notes.push(`engine run aborted: ${e.code !== undefined ? `code ${e.code} ` : ''}${e.details ?? e.message}`);
    console.log(`  aborted: ${run.notes[run.notes.length - 1]}`);
  } finally {
    await driver.close();
    sampler.stop();
    const stopped = await engine.stop();
    cleanups.splice(cleanups.indexOf(stopEngine), 1);
    const note =
      `engine stopped by SIGTERM in ${stopped.ms.toFixed(0)} ms with exit code ${stopped.code}` +
      `${stopped.killed ? ' (had to SIGKILL)' : ''}; overall RSS peak ${sampler.overallPeak.toFixed(0)} MB; ` +
      `${engine.stderrLines} stderr lines`;
    run.notes.push(note);
    console.log(`  ${note}`);
    if (engine.stderrLines > 0) console.log(`  last stderr lines:\n    ${engine.recentStderr.slice(-5).join('\n    ')}`);
  }
}

async function readLogPositions(databaseUrl: string): Promise<LogPositions> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const records = await client.query('select max(position)::text as p from engine_records');
    const snapshots = await client.query('select max(position)::text as p from engine_snapshots');
    const snapshot = snapshots.rows[0]?.p;
    return { lastPosition: Number(records.rows[0]?.p ?? 0), snapshotPosition: snapshot == null ? undefined : Number(snapshot) };
  } finally {
    await client.end();
  }
}

/** The waiting scenario, on an engine of its own with a fresh log, so the restart times are about its instances only. */
async function runWaitingEngine(config: BenchConfig, run: DatabaseRun, dataDir: string, databaseUrl?: string): Promise<void> {
  const port = await findFreePort();
  const logFile = join(dataDir, '..', `engine-${run.db}-waiting.log`);
  const engine = new EngineProcess({
    port,
    dataDir,
    databaseUrl,
    logFile,
    startTimeoutMs: config.engineStartTimeoutSeconds * 1000,
    nodeArgs: config.engineNodeArgs,
  });
  console.log(`engine on ${run.db} for the waiting scenario: starting on port ${port} (log: ${logFile})`);
  const stopEngine = () => engine.stop();
  cleanups.push(stopEngine);
  try {
    await engine.start();
    console.log(`  waiting: ${config.waitingInstances} instances (half on a PT1H timer, half at a message catch event), then restarts`);
    const newDriver = () =>
      new ZeebeDriver({
        host: config.gatewayHost,
        port,
        workers: config.workers,
        maxJobsToActivate: config.maxJobsToActivate,
        pollIntervalMs: config.pollIntervalMs,
      });
    const logPositions = databaseUrl ? () => readLogPositions(databaseUrl) : undefined;
    const result = await runWaiting(engine, newDriver, config, (message) => console.log(`    ${message}`), logPositions);
    run.eventLines.push(printWaiting(run.db, result));
    console.log(`    machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
  } catch (error) {
    const e = error as { code?: number; details?: string; message?: string };
    run.notes.push(`waiting scenario aborted: ${e.code !== undefined ? `code ${e.code} ` : ''}${e.details ?? e.message}`);
    console.log(`  aborted: ${run.notes[run.notes.length - 1]}`);
  } finally {
    const stopped = await engine.stop(300_000);
    cleanups.splice(cleanups.indexOf(stopEngine), 1);
    console.log(`  waiting engine stopped by SIGTERM in ${stopped.ms.toFixed(0)} ms (exit code ${stopped.code}); ${engine.stderrLines} stderr lines`);
    if (engine.stderrLines > 0) console.log(`  last stderr lines:\n    ${engine.recentStderr.slice(-5).join('\n    ')}`);
  }
}

async function runOn(config: BenchConfig, db: DatabaseChoice, scratch: string): Promise<DatabaseRun> {
  const run: DatabaseRun = { db, rows: [], eventLines: [], notes: [] };
  const mainEngineWanted = !config.skipZeebe && config.scenarios.some((name) => MAIN_ENGINE_SCENARIOS.includes(name));
  const waitingWanted = !config.skipZeebe && config.scenarios.includes('waiting');
  console.log(`\n=== ${db === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'} ===`);
  if (db === 'pglite') {
    if (!config.skipBpmnEngine) {
      await runBpmnEngine(config, run, { kind: 'pglite', dataDir: mkdtempSync(join(scratch, 'bpmn-engine-pglite-')) });
    }
    if (mainEngineWanted) await runEngine(config, run, mkdtempSync(join(scratch, 'engine-data-')));
    if (waitingWanted) await runWaitingEngine(config, run, mkdtempSync(join(scratch, 'engine-waiting-data-')));
    return run;
  }

  const database = await createServerDatabase(config.serverBaseUrl);
  if ('unavailable' in database) {
    run.notes.push(`skipped: ${database.unavailable}`);
    console.log(`  skipped: ${database.unavailable}`);
    return run;
  }
  cleanups.push(database.drop);
  try {
    if (!config.skipBpmnEngine) {
      await runBpmnEngine(config, run, { kind: 'server', url: database.url, poolSize: config.bpmnEnginePgPool });
    }
    if (mainEngineWanted) await runEngine(config, run, mkdtempSync(join(scratch, 'engine-data-')), database.url);
  } finally {
    await database.drop();
    cleanups.splice(cleanups.indexOf(database.drop), 1);
  }
  if (waitingWanted) {
    const waitingDatabase = await createServerDatabase(config.serverBaseUrl, '_waiting');
    if ('unavailable' in waitingDatabase) {
      run.notes.push(`waiting scenario skipped: ${waitingDatabase.unavailable}`);
      return run;
    }
    cleanups.push(waitingDatabase.drop);
    try {
      await runWaitingEngine(config, run, mkdtempSync(join(scratch, 'engine-waiting-data-')), waitingDatabase.url);
    } finally {
      await waitingDatabase.drop();
      cleanups.splice(cleanups.indexOf(waitingDatabase.drop), 1);
    }
  }
  return run;
}

async function main(): Promise<void> {
  const config = readConfig();
  const scratch = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  console.log(
    `bench: databases ${config.databases.join(', ')}; ${config.seconds} s per scenario (first ${config.warmupSeconds} s warm-up), ` +
      `drain up to ${config.drainSeconds} s; rates one-task ${config.oneTaskRate}/s, ten-tasks ${config.tenTasksRate}/s; ` +
      `saturation ${config.saturationInFlight} ${config.saturationMode} in flight; ${config.workers} workers x ` +
      `${config.maxJobsToActivate} jobs, poll ${config.pollIntervalMs} ms, gateway ${config.gatewayHost}; bpmn-engine at ${config.bpmnEngineConcurrency.join(', ')} in flight; ` +
      `scenarios ${config.scenarios.join(',')}; timers/messages ${config.eventInstances} instances, ${config.eventInFlight} calls in flight; ` +
      `waiting ${config.waitingInstances} instances`,
  );

  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work running here skews the figures)`);
  const runs: DatabaseRun[] = [];
  for (const db of config.databases) runs.push(await runOn(config, db, scratch));

  console.log('\n=== Summary ===');
  printTable(runs.flatMap((run) => run.rows));
  for (const run of runs) {
    const ours = run.oneTaskSaturation?.instancesPerSecond;
    const theirs = run.bestBpmnEngine?.instancesPerSecond;
    if (ours !== undefined && theirs) {
      console.log(
        `${run.db}: one-task saturation ${ours.toFixed(1)} instances/s = ${(ours / theirs).toFixed(2)} x bpmn-engine's best ` +
          `${theirs.toFixed(1)} instances/s (at ${run.bestBpmnEngine!.concurrency} in flight)`,
      );
    }
    for (const line of run.eventLines) console.log(line);
    for (const note of run.notes) console.log(`${run.db}: ${note}`);
  }
  // Data directories go; the engine logs stay for a look afterwards.
  for (const entry of readdirSync(scratch)) if (!entry.endsWith('.log')) rmSync(join(scratch, entry), { recursive: true, force: true });
  console.log(`engine logs kept in ${scratch}`);
}

async function cleanUpAndExit(code: number): Promise<never> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  process.exit(code);
}

process.once('SIGINT', () => void cleanUpAndExit(130));
process.stdout.on('error', () => void cleanUpAndExit(1)); // e.g. piped into `head`: still stop the engine, drop the database
process.once('SIGTERM', () => void cleanUpAndExit(143));
main().then(
  () => process.exit(0), // zeebe-node may leave timers behind; the figures are printed
  (error) => {
    console.error(error);
    void cleanUpAndExit(1);
  },
);
