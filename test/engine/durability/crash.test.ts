import { expect } from 'chai';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { Callers, pause } from './callers';
import { createStorage, freePort, killHard, seededRandom, spawnEngine, stopCleanly, type EngineProcess } from './engine-process';
import { acknowledgedWorkProblems } from './log-audit';

/**
 * The engine as its own process, killed with SIGKILL at random moments while workers use it and restarted
 * on the same data. What a caller was told is durable must stay so: every acknowledged instance completes
 * exactly once, every acknowledged job completion is in the log exactly once, and the log stays one
 * unbroken hash chain. Real time is unavoidable here (starting and killing a process); every wait polls
 * with short intervals under a generous deadline. CRASH_SEED=<n> repeats the kill moments.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_260_101);
const INSTANCES = 60;
const TASKS = ['first', 'second', 'third'];
const PROGRESS_DEADLINE_MS = 30_000;

const PROCESS_XML = bpmnXml(
  'crash',
  start(),
  ...TASKS.map((type) => serviceTask(type, type)),
  end(),
  ...chain('start', ...TASKS, 'end'),
);

describe('engine durability: crash', function () {
  this.timeout(240_000);

  it('given workers on a running engine, when it is killed at random moments and restarted, then nothing acknowledged is lost or done twice', async () => {
    const rand = seededRandom(SEED);
    const kills = 3 + Math.floor(rand() * 3);
    // Kill when this much acknowledged progress (instances created + jobs completed) has been made, so that
    // every kill lands in the middle of the work however fast the machine is.
    const total = INSTANCES * (1 + TASKS.length);
    const thresholds = Array.from({ length: kills }, () => 5 + Math.floor(rand() * (total - 20))).sort((a, b) => a - b);
    const storage = await createStorage();
    const port = await freePort();
    const env = { ...storage.env, ZEEBE_PORT: String(port) };
    const log: string[] = [`seed ${SEED}, ${storage.describe}, port ${port}, kills at progress ${thresholds.join(', ')}`];
    const startedAt = Date.now();
    let engine: EngineProcess | undefined;
    let callers: Callers | undefined;
    try {
      engine = await spawnEngine(env);
      callers = new Callers(`127.0.0.1:${port}`, { bpmnProcessId: 'crash', instances: INSTANCES, jobTypes: TASKS });
      await callers.client.deployResource({ name: 'crash.bpmn', process: Buffer.from(PROCESS_XML) });
      callers.start();

      for (const threshold of thresholds) {
        const waitUntil = Date.now() + PROGRESS_DEADLINE_MS;
        while (callers.progress < threshold && Date.now() < waitUntil) await pause(5);
        await pause(Math.floor(rand() * 30));
        log.push(`kill at progress ${callers.progress}${callers.progress < threshold ? ' (progress stalled)' : ''}, ${Date.now() - startedAt} ms`);
        await killHard(engine);
        engine = await spawnEngine(env);
        await callers.reconnect();
      }

      // Let the workers finish.
      const giveUpAt = Date.now() + 60_000;
      while (Date.now() < giveUpAt && !callers.idle) await pause(50);
      await callers.stop();
      log.push(
        `acknowledged: ${callers.ackedInstances.size} instances, ${callers.ackedJobs.size} job completions; ${callers.failedCalls} calls failed; ` +
          `${Date.now() - startedAt} ms`,
      );

      await stopCleanly(engine);
      engine = undefined;

      const db = storage.open();
      let problems: string[];
      try {
        problems = await acknowledgedWorkProblems(db, callers);
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
