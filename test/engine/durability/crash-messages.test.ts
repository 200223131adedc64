import { expect } from 'chai';
import type { ZBClient } from 'zeebe-node';
import { bpmnXml, chain, end, message, messageCatch, messageStart, serviceTask, start } from '../../helpers/bpmn';
import { Code } from '../../helpers/grpc-errors';
import { Callers, pause } from './callers';
import { createStorage, freePort, killHard, seededRandom, spawnEngine, stopCleanly, type EngineProcess } from './engine-process';
import { acknowledgedWorkProblems, countByKey, isEvent, isProcessEvent, listed, moreThanOnce, notExactlyOnce, readLogRows, type LogRow } from './log-audit';

/**
 * Messages across crashes: instances wait at a message catch event for a message of their own order id,
 * published by a caller that retries until it is told the message is stored (or already was, by its
 * messageId). Half the messages are published before the instance opens its subscription (they wait
 * buffered), half some time after. Beside them, messages start instances of a second process at its
 * message start event; that process is deployed only after the first crash, so the messages published
 * before it wait buffered and start their instances on deployment. The engine is killed with SIGKILL
 * while messages are being published and correlated, and once right after a restart. Every instance must
 * correlate exactly one message, every message be stored once and correlate at most once (a start message
 * starts exactly one instance), and every instance complete exactly once.
 * CRASH_SEED=<n> repeats the kill moments.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_260_202);
const INSTANCES = 40;
const MESSAGE = 'order paid';
const START_MESSAGE = 'order placed';
/**
 * Messages that start instances of the message-started process: the first START_AT_ONCE at the beginning
 * (before that process is deployed), the others one every START_SPACING_MS after them.
 */
const START_MESSAGES = 20;
const START_AT_ONCE = 8;
const START_SPACING_MS = 200;
const PUBLISHERS = 4;
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
/** A message start event; each message (its own correlation key) starts one instance, which runs one job. */
const START_XML = bpmnXml('crash_message_start', messageStart('placed', START_MESSAGE), serviceTask('handle', 'handle'), end('done'), ...chain('placed', 'handle', 'done'));

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
  private readonly due: Array<{ name: string; orderId: string; at: number }> = [];
  private stopped = false;
  private inFlight = 0;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly client: () => ZBClient,
    private readonly rand: () => number,
  ) {}

  issue(attempt: number): void {
    const delay = attempt % 2 === 0 ? 0 : 500 + Math.floor(this.rand() * 2_000);
    this.due.push({ name: MESSAGE, orderId: `order-${attempt}`, at: Date.now() + delay });
  }

  /** Schedules the messages that start instances at the message start event. */
  issueStarts(): void {
    for (let i = 0; i < START_MESSAGES; i++) {
      const at = Date.now() + Math.max(0, i - START_AT_ONCE + 1) * START_SPACING_MS;
      this.due.push({ name: START_MESSAGE, orderId: `start-${i}`, at });
    }
  }

  get done(): boolean {
    return this.due.length === 0 && this.inFlight === 0;
  }

  /** Several publishers at once, so that a backlog after a restart does not hold up the fresh messages. */
  start(): void {
    for (let i = 0; i < PUBLISHERS; i++) this.loops.push(this.run());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const next = this.due.findIndex((entry) => entry.at <= Date.now());
      if (next < 0) {
        await pause(10);
        continue;
      }
      const [entry] = this.due.splice(next, 1);
      this.inFlight += 1;
      try {
        const { name, orderId } = entry;
        const answer = await this.client().publishMessage({ name, correlationKey: orderId, messageId: orderId, timeToLive: TTL_MS, variables: { paidFor: orderId } });
        this.stored.set(String(answer.key), orderId);
        this.confirmed.add(orderId);
      } catch (error: any) {
        if (error?.code === Code.ALREADY_EXISTS) {
          this.confirmed.add(entry.orderId);
        } else {
          // Not confirmed: it may or may not be stored. Publish it again (its messageId keeps it single).
          this.due.push({ ...entry, at: Date.now() + 50 });
        }
      } finally {
        this.inFlight -= 1;
      }
    }
  }
}

const isOfProcess = (bpmnProcessId: string) => (row: LogRow) => JSON.parse(row.value).bpmnProcessId === bpmnProcessId;
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
interface MessageAudit {
  problems: string[];
  buffered: number;
  waiting: number;
  startedOnDeploy: number;
  startedOnPublish: number;
}

function messageProblems(rows: LogRow[], publisher: Publisher): MessageAudit {
  const problems: string[] = [];
  const instances = [...countByKey(rows, (row) => isProcessEvent('ELEMENT_ACTIVATING')(row) && isOfProcess('crash_messages')(row)).keys()];
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
  const startProblems = messageStartProblems(rows, published);
  problems.push(...startProblems.problems);
  const twiceCorrelated = moreThanOnce(messageCorrelations);
  if (twiceCorrelated.length > 0) problems.push(`Expected every message to correlate at most once, but ${listed(twiceCorrelated)}`);
  if (wrongOrder.length > 0) problems.push(`Expected every instance to get the message of its own order, but ${listed(wrongOrder)}`);
  return { problems, buffered, waiting, startedOnDeploy: startProblems.onDeploy, startedOnPublish: startProblems.onPublish };
}

/**
 * Every start message stored started exactly one instance, and every instance of the message-started
 * process was started by one; counts those started when the process was deployed and those started when
 * their message was published.
 */
function messageStartProblems(rows: LogRow[], published: LogRow[]): { problems: string[]; onDeploy: number; onPublish: number } {
  const problems: string[] = [];
  const startMessages = published.filter((row) => JSON.parse(row.value).name === START_MESSAGE);
  if (startMessages.length !== START_MESSAGES) problems.push(`Expected ${START_MESSAGES} start messages stored, but ${startMessages.length}`);
  const correlations = rows.filter(isEvent('MESSAGE_START_EVENT_SUBSCRIPTION', 'CORRELATED'));
  const byMessage = new Map<string, number>();
  for (const row of correlations) byMessage.set(String(JSON.parse(row.value).messageKey), (byMessage.get(String(JSON.parse(row.value).messageKey)) ?? 0) + 1);
  const notOnce = notExactlyOnce(startMessages.map((row) => row.key), byMessage);
  if (notOnce.length > 0) problems.push(`Expected every start message to start exactly one instance, but not ${listed(notOnce)}`);
  const started = countByKey(rows, (row) => isProcessEvent('ELEMENT_ACTIVATING')(row) && isOfProcess('crash_message_start')(row));
  const byInstance = new Map<string, number>();
  for (const row of correlations) byInstance.set(String(JSON.parse(row.value).processInstanceKey), (byInstance.get(String(JSON.parse(row.value).processInstanceKey)) ?? 0) + 1);
  const unexplained = notExactlyOnce(started.keys(), byInstance);
  if (unexplained.length > 0) problems.push(`Expected every message-started instance to be started by exactly one message, but not ${listed(unexplained)}`);
  const deployedAt = Math.min(...rows.filter((row) => isEvent('PROCESS', 'CREATED')(row) && isOfProcess('crash_message_start')(row)).map((row) => Number(row.position)));
  const publishedAt = new Map(startMessages.map((row) => [row.key, Number(row.position)]));
  let onDeploy = 0;
  let onPublish = 0;
  for (const row of correlations) {
    if ((publishedAt.get(String(JSON.parse(row.value).messageKey)) ?? Infinity) < deployedAt) onDeploy += 1;
    else onPublish += 1;
  }
  return { problems, onDeploy, onPublish };
}

/** Deploys the message-started process, asking again until the engine answers (it may be starting up). */
async function deployStartProcess(client: () => ZBClient): Promise<void> {
  const giveUpAt = Date.now() + PROGRESS_DEADLINE_MS;
  for (;;) {
    try {
      await client().deployResource({ name: 'crash_message_start.bpmn', process: Buffer.from(START_XML) });
      return;
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await pause(50);
    }
  }
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
        jobTypes: ['prepare', 'after', 'handle'],
        variables: (attempt) => {
          issue(attempt);
          return { orderId: `order-${attempt}` };
        },
      });
      const activeCallers = callers;
      publisher = new Publisher(() => activeCallers.client, rand);
      await callers.client.deployResource({ name: 'crash_messages.bpmn', process: Buffer.from(PROCESS_XML) });
      callers.start();
      publisher.issueStarts();
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
        // After the first crash, the message-started process arrives and finds messages buffered for it.
        if (kill === plan[0]) await deployStartProcess(() => activeCallers.client);
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
        log.push(
          `correlations: ${checked.buffered} to a buffered message, ${checked.waiting} to a waiting subscription; ` +
            `message starts: ${checked.startedOnDeploy} on deployment, ${checked.startedOnPublish} on publishing`,
        );
        problems = [...checked.problems, ...(await acknowledgedWorkProblems(db, callers, rows))];
        if (checked.startedOnDeploy === 0 || checked.startedOnPublish === 0) {
          problems.push(`Expected message starts both on deployment and on publishing, but ${checked.startedOnDeploy} and ${checked.startedOnPublish}`);
        }
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
