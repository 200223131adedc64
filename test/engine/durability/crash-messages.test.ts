import { expect } from 'chai';
import type { ZBClient } from 'zeebe-node';
import { bpmnXml, chain, end, message, messageCatch, serviceTask, start } from '../../helpers/bpmn';
import { Code } from '../../helpers/grpc-errors';
import { Callers, pause } from './callers';
import { createStorage, freePort, killHard, seededRandom, spawnEngine, stopCleanly, type EngineProcess } from './engine-process';
import { acknowledgedWorkProblems, countByKey, isEvent, isProcessEvent, listed, moreThanOnce, notExactlyOnce, readLogRows, type LogRow } from './log-audit';

/**
 * Messages across crashes: instances wait at a message catch event for a message of their own order id,
 * published by a caller that retries until it is told the message is stored (or already was, by its
 * messageId). Half the messages are published before the instance opens its subscription (they wait
 * buffered), half some time after. The engine is killed with SIGKILL while messages are being published
 * and correlated, and once right after a restart. Every instance must correlate exactly one message,
 * every message be stored once and correlate at most once, and every instance complete exactly once.
 * CRASH_SEED=<n> repeats the kill moments.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_260_202);
const INSTANCES = 40;
const MESSAGE = 'order paid';
const TTL_MS = 600_000;
const PROGRESS_DEADLINE_MS = 30_000;

/** start → prepare (a job, so the subscription opens only after a worker's turn) → wait for the order's message → after → end. */
const PROCESS_XML = bpmnXml(
  'crash_messages',
  message(MESSAGE, '=orderId'),
  start(),
  serviceTask('prepare', 'prepare'),
  messageCatch('wait', MESSAGE),
  serviceTask('after', 'after'),
  end(),
  ...chain('start', 'prepare', 'wait', 'after', 'end'),
);

/** `moreStored`: the kill comes once that many more messages were stored since the engine last started. */
type Kill = { when: 'publishing'; moreStored: number; delayMs: number } | { when: 'after restart'; delayMs: number };

/** The kill moments of a seed: two while messages are published and correlated, one just after a restart. */
function killPlan(rand: () => number): Kill[] {
  return [
    { when: 'publishing', moreStored: 3 + Math.floor(rand() * 10), delayMs: Math.floor(rand() * 30) },
    { when: 'after restart', delayMs: Math.floor(rand() * 150) },
    { when: 'publishing', moreStored: 3 + Math.floor(rand() * 10), delayMs: Math.floor(rand() * 30) },
  ];
}

/**
 * Publishes one message per order id the instance creators handed out (acknowledged or not: an instance
 * whose creation was written but not acknowledged waits for its message too). Even orders are published
 * at once, odd ones 0.5 to 2.5 s later. A publish that fails is repeated with the same messageId until
 * the engine answers it stored, or already stored (ALREADY_EXISTS).
 */
class Publisher {
  /** Message key → order id, for every publish answered OK. */
  readonly stored = new Map<string, string>();
  /** Orders whose message the engine confirmed, by an OK or by ALREADY_EXISTS. */
  readonly confirmed = new Set<string>();
  private readonly due: Array<{ orderId: string; at: number }> = [];
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly client: () => ZBClient,
    private readonly rand: () => number,
  ) {}

  issue(attempt: number): void {
    const delay = attempt % 2 === 0 ? 0 : 500 + Math.floor(this.rand() * 2_000);
    this.due.push({ orderId: `order-${attempt}`, at: Date.now() + delay });
  }

  get done(): boolean {
    return this.due.length === 0;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const next = this.due.findIndex((entry) => entry.at <= Date.now());
      if (next < 0) {
        await pause(10);
        continue;
      }
      const { orderId } = this.due[next];
      try {
        const answer = await this.client().publishMessage({ name: MESSAGE, correlationKey: orderId, messageId: orderId, timeToLive: TTL_MS, variables: { paidFor: orderId } });
        this.stored.set(String(answer.key), orderId);
        this.confirmed.add(orderId);
        this.due.splice(next, 1);
      } catch (error: any) {
        if (error?.code === Code.ALREADY_EXISTS) {
          this.confirmed.add(orderId);
          this.due.splice(next, 1);
        } else {
          await pause(50);
        }
      }
    }
  }
}

const isWaitSubscription = (intent: string) => (row: LogRow) => isEvent('PROCESS_MESSAGE_SUBSCRIPTION', intent)(row) && JSON.parse(row.value).elementId === 'wait';
const instanceOf = (row: LogRow) => String(JSON.parse(row.value).processInstanceKey);

/** Counts, per process instance, the rows that match. */
function countByInstance(rows: LogRow[], match: (row: LogRow) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows.filter(match)) counts.set(instanceOf(row), (counts.get(instanceOf(row)) ?? 0) + 1);
  return counts;
}

/**
 * Each instance opened one subscription and correlated exactly one message, the one of its own order;
 * each message was stored once (by messageId) and correlated at most once; every confirmed message is in
 * the log. Also returns how many correlations found the message buffered and how many found the
 * subscription waiting, so the test can insist that both happened.
 */
function messageProblems(rows: LogRow[], publisher: Publisher): { problems: string[]; buffered: number; waiting: number } {
  const problems: string[] = [];
  const instances = [...countByKey(rows, isProcessEvent('ELEMENT_ACTIVATING')).keys()];
  const opened = countByInstance(rows, isWaitSubscription('CREATED'));
  const correlated = countByInstance(rows, isWaitSubscription('CORRELATED'));
  const notOpened = notExactlyOnce(instances, opened);
  if (notOpened.length > 0) problems.push(`Expected every instance to open exactly one subscription, but not ${listed(notOpened)}`);
  const notCorrelated = notExactlyOnce(instances, correlated);
  if (notCorrelated.length > 0) problems.push(`Expected every instance to correlate exactly one message, but not ${listed(notCorrelated)}`);

  const published = rows.filter(isEvent('MESSAGE', 'PUBLISHED'));
  const byMessageId = new Map<string, number>();
  for (const row of published) byMessageId.set(JSON.parse(row.value).messageId, (byMessageId.get(JSON.parse(row.value).messageId) ?? 0) + 1);
  const twiceStored = moreThanOnce(byMessageId);
  if (twiceStored.length > 0) problems.push(`Expected every messageId to be stored once, but ${listed(twiceStored)}`);
  const storedKeys = new Set(published.map((row) => row.key));
  const lost = [...publisher.stored.keys()].filter((key) => !storedKeys.has(key));
  if (lost.length > 0) problems.push(`Expected every acknowledged message in the log, but not ${listed(lost)}`);
  const unconfirmed = [...byMessageId.keys()].filter((orderId) => !publisher.confirmed.has(orderId));
  if (unconfirmed.length > 0) problems.push(`Expected every stored message to be confirmed to its publisher in the end, but not ${listed(unconfirmed)}`);

  const messageCorrelations = new Map<string, number>();
  const publishedAt = new Map(published.map((row) => [row.key, { position: Number(row.position), orderId: JSON.parse(row.value).correlationKey }]));
  const openedAt = new Map(rows.filter(isWaitSubscription('CREATED')).map((row) => [instanceOf(row), Number(row.position)]));
  let buffered = 0;
  let waiting = 0;
  const wrongOrder: string[] = [];
  for (const row of rows.filter(isWaitSubscription('CORRELATED'))) {
    const value = JSON.parse(row.value);
    messageCorrelations.set(value.messageKey, (messageCorrelations.get(value.messageKey) ?? 0) + 1);
    const message = publishedAt.get(String(value.messageKey));
    if (!message || message.orderId !== value.correlationKey) wrongOrder.push(`${instanceOf(row)} got ${value.messageKey}`);
    else if (message.position < openedAt.get(instanceOf(row))!) buffered += 1;
    else waiting += 1;
  }
  const twiceCorrelated = moreThanOnce(messageCorrelations);
  if (twiceCorrelated.length > 0) problems.push(`Expected every message to correlate at most once, but ${listed(twiceCorrelated)}`);
  if (wrongOrder.length > 0) problems.push(`Expected every instance to get the message of its own order, but ${listed(wrongOrder)}`);
  return { problems, buffered, waiting };
}

describe('engine durability: crash while messages are published and correlated', function () {
  this.timeout(120_000);

  it('given instances waiting for messages, when the engine is killed while messages are published and correlated, then every instance correlates exactly one message and completes once', async () => {
    const rand = seededRandom(SEED);
    const plan = killPlan(rand);
    const storage = await createStorage();
    const port = await freePort();
    const env = { ...storage.env, ZEEBE_PORT: String(port) };
    const log: string[] = [`seed ${SEED}, ${storage.describe}, port ${port}, kills: ${plan.map((kill) => JSON.stringify(kill)).join(', ')}`];
    let engine: EngineProcess | undefined;
    let callers: Callers | undefined;
    let publisher: Publisher | undefined;
    try {
      // Given instances that each wait for the message of their order, and a caller publishing those messages
      engine = await spawnEngine(env);
      const startedAt = Date.now();
      const issue = (attempt: number) => publisher!.issue(attempt);
      callers = new Callers(`127.0.0.1:${port}`, {
        bpmnProcessId: 'crash_messages',
        instances: INSTANCES,
        jobTypes: ['prepare', 'after'],
        variables: (attempt) => {
          issue(attempt);
          return { orderId: `order-${attempt}` };
        },
      });
      const activeCallers = callers;
      publisher = new Publisher(() => activeCallers.client, rand);
      await callers.client.deployResource({ name: 'crash_messages.bpmn', process: Buffer.from(PROCESS_XML) });
      callers.start();
      publisher.start();

      // When the engine is killed at the planned moments and started again each time
      for (const kill of plan) {
        const waitUntil = Date.now() + PROGRESS_DEADLINE_MS;
        if (kill.when === 'publishing') {
          const target = publisher.stored.size + kill.moreStored;
          while (publisher.stored.size < target && Date.now() < waitUntil) await pause(5);
        }
        await pause(kill.delayMs);
        log.push(
          `kill (${kill.when}) at ${Date.now() - startedAt} ms, ${callers.ackedInstances.size} instances acknowledged, ` +
            `${publisher.stored.size} messages stored, ${callers.ackedJobs.size} job completions acknowledged`,
        );
        await killHard(engine);
        engine = await spawnEngine(env);
        await callers.reconnect();
      }

      // Let every message be published and the workers finish.
      const giveUpAt = Date.now() + 60_000;
      while (Date.now() < giveUpAt && !(callers.idle && publisher.done)) await pause(50);
      await publisher.stop();
      await callers.stop();
      log.push(
        `acknowledged: ${callers.ackedInstances.size} instances, ${publisher.confirmed.size} messages, ${callers.ackedJobs.size} job completions; ` +
          `${callers.failedCalls} calls failed; ${Date.now() - startedAt} ms`,
      );
      await stopCleanly(engine);
      engine = undefined;

      // Then the log shows one correlation per instance, one stored message per messageId, and the chain verifies
      const db = storage.open();
      let problems: string[];
      try {
        const rows = await readLogRows(db);
        const checked = messageProblems(rows, publisher);
        log.push(`correlations: ${checked.buffered} to a buffered message, ${checked.waiting} to a waiting subscription`);
        problems = [...checked.problems, ...(await acknowledgedWorkProblems(db, callers, rows))];
        if (checked.buffered === 0 || checked.waiting === 0) {
          problems.push(`Expected correlations both to buffered messages and to waiting subscriptions, but ${checked.buffered} and ${checked.waiting}`);
        }
      } finally {
        await db.destroy();
      }
      if (process.env.CRASH_VERBOSE) console.log(log.join('\n'));
      expect(problems, `${log.join('\n')}\n${problems.join('\n')}`).to.deep.equal([]);
    } finally {
      await publisher?.stop().catch(() => undefined);
      await callers?.stop().catch(() => undefined);
      if (engine) await killHard(engine);
      await storage.remove();
    }
  });
});
