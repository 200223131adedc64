// `npx tsx bench/replay.ts`: how quick the auditors' replay is (issue 10). An embedded engine (in this process,
// PGlite in memory, or a fresh database on DATABASE_URL's server) runs bench-replay-loop.bpmn: one instance
// of about BENCH_REPLAY_RECORDS records (11 a round) among BENCH_REPLAY_OTHERS short instances, so the log is
// not only that instance. Then it times, as medians of BENCH_REPLAY_RUNS runs: reading the instance's log,
// compiling its model, replaying it to the end, rebuilding one step from scratch and stepping forward one
// record, building the instance page's data (timeline, badges), and the search. Baseline in the same run: the
// engine's own recovery of the whole log (src/engine/recovery.ts, no snapshot). Prints figures; asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { ZBClient } from 'zeebe-node';
import { openDatabase } from '../src/db';
import { ManualClock } from '../src/engine/clock';
import { startEmbeddedEngine } from '../src/engine/embedded';
import { LogStore } from '../src/engine/log/log-store';
import { recoverState } from '../src/engine/recovery';
import { readInstanceLog } from '../src/history/instance-log';
import { InstanceHistories } from '../src/history/instance-history';
import { searchInstances } from '../src/history/instance-search';
import { InstanceReplay } from '../src/history/replay';
import { replayFrame } from '../src/history/replay-frame';
import { createServerDatabase } from './server-database';

const env = process.env;
const RECORDS = Number(env.BENCH_REPLAY_RECORDS ?? 10_000);
const OTHERS = Number(env.BENCH_REPLAY_OTHERS ?? 300);
const RUNS = Number(env.BENCH_REPLAY_RUNS ?? 7);
const READER = { username: 'auditor', groups: ['auditor'] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));

async function time(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const server = env.DATABASE_URL ? await createServerDatabase(env.DATABASE_URL, '_replay') : undefined;
  if (server && 'unavailable' in server) throw new Error(`Expected a server database, but ${server.unavailable}`);
  const db = server ? openDatabase({ databaseUrl: server.url }) : openDatabase({ pglite: new PGlite() });
  const embedded = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock: new ManualClock(Date.parse('2027-01-04T09:00:00+08:00')), db });
  const client = new ZBClient(embedded.address, { useTLS: false, loglevel: 'NONE', retry: false } as any);
  try {
    await client.deployResource({ process: fs.readFileSync(path.join(__dirname, 'bench-replay-loop.bpmn')), name: 'bench-replay-loop.bpmn' });
    for (let i = 0; i < OTHERS; i++) {
      await client.createProcessInstance({ bpmnProcessId: 'bench-replay-loop', variables: { counter: 0, rounds: 3, departmentId: i % 2 ? 'dept-a' : 'dept-b' } });
    }
    const rounds = Math.ceil((RECORDS - 15) / 11);
    const created = await client.createProcessInstance({ bpmnProcessId: 'bench-replay-loop', variables: { counter: 0, rounds, departmentId: 'dept-a' } });
    const key = String(created.processInstanceKey);
    await embedded.engine.whenIdle();
    const log = (await readInstanceLog(db, key))!;
    const total = (await db.raw('select count(*)::int as n from engine_records')).rows[0].n;
    console.log(`replay bench: ${server ? 'PostgreSQL server' : 'PGlite'}; instance ${key} has ${log.records.length} records in a log of ${total}; ${OTHERS} other instances`);
    console.log(`machine: shared, ${loadavg().map((l) => l.toFixed(2)).join(' ')} load on ${availableParallelism()} CPUs; medians of ${RUNS} runs`);

    const recovery = await time(RUNS, () => recoverState(new LogStore(db), { useSnapshot: false }));
    const read = await time(RUNS, () => readInstanceLog(db, key));
    const compile = await time(RUNS, () => InstanceReplay.of(log));
    const last = log.records[log.records.length - 1].position;
    const toEnd = await time(RUNS, async () => (await InstanceReplay.of(log)).stateAt(last));
    const replay = await InstanceReplay.of(log);
    const middle = log.records[Math.floor(log.records.length / 2)].position;
    const frameFromScratch = await time(RUNS, () => {
      replay.stateAt(0);
      return replayFrame(replay, middle, READER);
    });
    const positions = log.records.slice(0, 2000).map((r) => r.position);
    replay.stateAt(0);
    const steps = await time(RUNS, () => {
      replay.stateAt(0);
      for (const p of positions) replayFrame(replay, p, READER);
    });
    const histories = new InstanceHistories(db);
    const page = await time(RUNS, () => histories.instance(key, READER));
    const search = await time(RUNS, () => searchInstances(db, { departmentId: 'dept-a', page: 1, pageSize: 25 }));
    await db.raw('drop index engine_records_instance_lifecycle');
    await db.raw('drop index engine_records_definitions');
    const searchNoIndex = await time(RUNS, () => searchInstances(db, { departmentId: 'dept-a', page: 1, pageSize: 25 }));
    const readNoIndex = await time(RUNS, () => readInstanceLog(db, key));

    console.table({
      'engine recovery of the whole log (baseline)': { ms: fmt(recovery), 'vs baseline': '1.00' },
      'read the instance log': { ms: fmt(read), 'vs baseline': (read / recovery).toFixed(2) },
      'compile its model': { ms: fmt(compile), 'vs baseline': (compile / recovery).toFixed(2) },
      'replay the instance to its end': { ms: fmt(toEnd), 'vs baseline': (toEnd / recovery).toFixed(2) },
      'one step from scratch (middle of the instance)': { ms: fmt(frameFromScratch), 'vs baseline': (frameFromScratch / recovery).toFixed(2) },
      [`step forward, per step (${positions.length} steps)`]: { ms: fmt(steps / positions.length), 'vs baseline': (steps / positions.length / recovery).toFixed(4) },
      'instance page data (log, timeline, badges)': { ms: fmt(page), 'vs baseline': (page / recovery).toFixed(2) },
      'search (department, first page)': { ms: fmt(search), 'vs baseline': (search / recovery).toFixed(2) },
      'search without the history indexes': { ms: fmt(searchNoIndex), 'vs baseline': (searchNoIndex / recovery).toFixed(2) },
      'read the instance log without them': { ms: fmt(readNoIndex), 'vs baseline': (readNoIndex / recovery).toFixed(2) },
    });
  } finally {
    await client.close();
    await embedded.stop();
    await db.destroy();
    if (server && !('unavailable' in server)) await server.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
