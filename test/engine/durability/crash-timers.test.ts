import { expect } from 'chai';
import { bpmnXml, chain, end, serviceTask, start, timerCatch } from '../../helpers/bpmn';
import { Callers, pause } from './callers';
import { createStorage, freePort, killHard, seededRandom, spawnEngine, stopCleanly, type EngineProcess } from './engine-process';
import { acknowledgedWorkProblems, countByKey, isEvent, isProcessEvent, listed, moreThanOnce, notExactlyOnce, readLogRows, type LogRow } from './log-audit';

/**
 * Timers across crashes: many instances wait on timers of real time (the engine process runs on the system
 * clock) while the engine is killed with SIGKILL, first while every timer is pending, then while they fire,
 * and once right after a restart, when the timers that came due while it was down fire together. Every
 * timer must fire exactly once and not before its due date, and every instance complete exactly once.
 * CRASH_SEED=<n> repeats the kill moments.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_260_101);
const INSTANCES = 40;
/** Instance n waits until FIRST_DUE_MS + n/INSTANCES × DUE_SPREAD_MS after the engine first started. */
const FIRST_DUE_MS = 4_000;
const DUE_SPREAD_MS = 10_000;
const PROGRESS_DEADLINE_MS = 30_000;

/** start → wait until the instance's own due date → a service task → end. */
const PROCESS_XML = bpmnXml(
  'crash_timers',
  start(),
  timerCatch('wait', 'date', '=due'),
  serviceTask('after', 'after'),
  end(),
  ...chain('start', 'wait', 'after', 'end'),
);

type Kill =
  | { when: 'pending'; atMs: number }
  | { when: 'firing'; instancesWithJobs: number; delayMs: number }
  | { when: 'after restart'; delayMs: number };

/** The kill moments of a seed: one while every timer waits, two while they fire, one just after a restart. */
function killPlan(rand: () => number): Kill[] {
  const thresholds = [0, 1].map(() => 3 + Math.floor(rand() * (INSTANCES - 8))).sort((a, b) => a - b);
  return [
    { when: 'pending', atMs: 1_000 + Math.floor(rand() * 2_000) },
    { when: 'firing', instancesWithJobs: thresholds[0], delayMs: Math.floor(rand() * 30) },
    { when: 'after restart', delayMs: Math.floor(rand() * 150) },
    { when: 'firing', instancesWithJobs: thresholds[1], delayMs: Math.floor(rand() * 30) },
  ];
}

const isCatchTimer = (intent: string) => (row: LogRow) => isEvent('TIMER', intent)(row) && JSON.parse(row.value).targetElementId === 'wait';

/** Each catch event's timer fired exactly once, never before it was due, and none was cancelled. */
function timerProblems(rows: LogRow[]): string[] {
  const problems: string[] = [];
  const created = countByKey(rows, isCatchTimer('CREATED'));
  const triggered = countByKey(rows, isCatchTimer('TRIGGERED'));
  const canceled = countByKey(rows, isCatchTimer('CANCELED'));

  const notFired = notExactlyOnce(created.keys(), triggered);
  if (notFired.length > 0) problems.push(`Expected every timer created to be TRIGGERED exactly once, but not ${listed(notFired)}`);
  const twiceCreated = moreThanOnce(created);
  if (twiceCreated.length > 0) problems.push(`Expected every timer to be CREATED once, but ${listed(twiceCreated)}`);
  const unknown = [...triggered.keys()].filter((key) => !created.has(key));
  if (unknown.length > 0) problems.push(`Expected only created timers to be TRIGGERED, but also ${listed(unknown)}`);
  if (canceled.size > 0) problems.push(`Expected no timer to be CANCELED, but ${listed([...canceled.keys()])}`);

  const early = rows
    .filter(isCatchTimer('TRIGGERED'))
    .filter((row) => Number(row.timestamp) < JSON.parse(row.value).dueDate)
    .map((row) => `${row.key} (${JSON.parse(row.value).dueDate - Number(row.timestamp)} ms early)`);
  if (early.length > 0) problems.push(`Expected no timer to fire before its due date, but ${listed(early)}`);

  // Each instance written, acknowledged or not, waited on exactly one timer.
  const timersPerInstance = new Map<string, number>();
  for (const row of rows.filter(isCatchTimer('CREATED'))) {
    const instance = String(JSON.parse(row.value).processInstanceKey);
    timersPerInstance.set(instance, (timersPerInstance.get(instance) ?? 0) + 1);
  }
  const instances = countByKey(rows, isProcessEvent('ELEMENT_ACTIVATING')).keys();
  const notOneTimer = notExactlyOnce(instances, timersPerInstance);
  if (notOneTimer.length > 0) problems.push(`Expected every instance to open exactly one timer, but not ${listed(notOneTimer)}`);
  return problems;
}

/** From the log: how many timers were pending at a moment (created before it, fired after it), and how many fired in the second before it. */
function timersAround(rows: LogRow[], at: number): { pending: number; firedJustBefore: number } {
  const createdAt = new Map(rows.filter(isCatchTimer('CREATED')).map((row) => [row.key, Number(row.timestamp)]));
  const firedAt = new Map(rows.filter(isCatchTimer('TRIGGERED')).map((row) => [row.key, Number(row.timestamp)]));
  let pending = 0;
  let firedJustBefore = 0;
  for (const [key, created] of createdAt) {
    const fired = firedAt.get(key) ?? Infinity;
    if (created <= at && fired > at) pending += 1;
    if (fired <= at && fired > at - 1_000) firedJustBefore += 1;
  }
  return { pending, firedJustBefore };
}

describe('engine durability: crash while timers wait and fire', function () {
  this.timeout(120_000);

  it('given instances waiting on timers, when the engine is killed before and while they fire, then every timer fires exactly once and every instance completes once', async () => {
    const rand = seededRandom(SEED);
    const plan = killPlan(rand);
    const storage = await createStorage();
    const port = await freePort();
    const env = { ...storage.env, ZEEBE_PORT: String(port) };
    const log: string[] = [`seed ${SEED}, ${storage.describe}, port ${port}, kills: ${plan.map((kill) => JSON.stringify(kill)).join(', ')}`];
    const killedAt: number[] = [];
    let engine: EngineProcess | undefined;
    let callers: Callers | undefined;
    try {
      // Given 40 instances, each waiting until its own instant between 4 and 14 s from now
      engine = await spawnEngine(env);
      const startedAt = Date.now();
      const dueOf = (attempt: number) => startedAt + FIRST_DUE_MS + Math.floor(((attempt % INSTANCES) * DUE_SPREAD_MS) / INSTANCES);
      const lastDue = startedAt + FIRST_DUE_MS + DUE_SPREAD_MS;
      callers = new Callers(`127.0.0.1:${port}`, {
        bpmnProcessId: 'crash_timers',
        instances: INSTANCES,
        jobTypes: ['after'],
        variables: (attempt) => ({ due: new Date(dueOf(attempt)).toISOString() }),
      });
      await callers.client.deployResource({ name: 'crash_timers.bpmn', process: Buffer.from(PROCESS_XML) });
      callers.start();

      // When the engine is killed at the planned moments and started again each time
      for (const kill of plan) {
        const waitUntil = Date.now() + PROGRESS_DEADLINE_MS;
        if (kill.when === 'pending') {
          while ((callers.creating || Date.now() < startedAt + kill.atMs) && Date.now() < waitUntil) await pause(5);
        } else if (kill.when === 'firing') {
          while (callers.instancesWithJobs.size < kill.instancesWithJobs && Date.now() < waitUntil) await pause(5);
          await pause(kill.delayMs);
        } else {
          await pause(kill.delayMs);
        }
        killedAt.push(Date.now());
        log.push(`kill (${kill.when}) at ${Date.now() - startedAt} ms, ${callers.ackedInstances.size} instances acknowledged, ${callers.instancesWithJobs.size} with a job handed out`);
        await killHard(engine);
        engine = await spawnEngine(env);
        await callers.reconnect();
      }

      // Let every timer come due and the worker finish.
      const giveUpAt = Date.now() + 60_000;
      while (Date.now() < giveUpAt && !(callers.idle && Date.now() > lastDue + 1_000)) await pause(50);
      await callers.stop();
      log.push(
        `acknowledged: ${callers.ackedInstances.size} instances, ${callers.ackedJobs.size} job completions; ${callers.failedCalls} calls failed; ` +
          `${Date.now() - startedAt} ms`,
      );
      await stopCleanly(engine);
      engine = undefined;

      // Then the log shows every timer fired once, every instance completed once, and the chain verifies
      const db = storage.open();
      let problems: string[];
      try {
        const rows = await readLogRows(db);
        killedAt.forEach((at, i) => {
          const { pending, firedJustBefore } = timersAround(rows, at);
          log.push(`kill ${i + 1} (${plan[i].when}): ${pending} timers pending, ${firedJustBefore} fired in the second before it`);
        });
        problems = [...timerProblems(rows), ...(await acknowledgedWorkProblems(db, callers, rows))];
        const pendingAtKills = killedAt.map((at) => timersAround(rows, at).pending);
        if (Math.max(...pendingAtKills) < INSTANCES / 2) {
          problems.push(`Expected a kill while at least half the timers were pending, but at most ${Math.max(...pendingAtKills)} were`);
        }
      } finally {
        await db.destroy();
      }
      if (process.env.CRASH_VERBOSE) console.log(log.join('\n'));
      expect(problems, `${log.join('\n')}\n${problems.join('\n')}`).to.deep.equal([]);
    } finally {
      await callers?.stop().catch(() => undefined);
      if (engine) await killHard(engine);
      await storage.remove();
    }
  });
});
