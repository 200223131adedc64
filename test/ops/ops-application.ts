import { PassThrough } from 'node:stream';
import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { seedDemoData } from '../../src/seed/demo-seed';
import { startTaskList } from '../../src/tasklist/start-task-list';
import { createLogger, logTo } from '../../src/ops/logger';
import { AppMetrics, logBytesGauge } from '../../src/ops/metrics';
import { operationsRoutes } from '../../src/ops/operations';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../..');
export const SIGNING_KEY = 'ops-signing-key-0123456789abcdef0123456789abcdef';
export const METRICS_TOKEN = 'metrics-token-0123456789';

export interface OpsApplication {
  t: TestEngine;
  url: string;
  metrics: AppMetrics;
  /** Every JSON line the logger has written so far. */
  logText(): string;
  probe: ZBClient;
  stop(): Promise<void>;
}

/**
 * The task list with the operations routes, metrics and a JSON logger as src/main.ts wires them, on a
 * test engine whose batches feed the metrics; the log goes to a buffer the test reads.
 */
export async function startOpsApplication(): Promise<OpsApplication> {
  const metrics = new AppMetrics({ processMetrics: false });
  const t = await startTestEngine({ engine: { onBatchCommitted: metrics.batchCommitted } });
  await seedDemoData(t.db);
  logBytesGauge(metrics, t.db);
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  const logger = createLogger({ level: 'debug', secrets: [SIGNING_KEY, METRICS_TOKEN], destination: stream });
  const probe = new ZBClient(t.embedded.address, { useTLS: false, loglevel: 'NONE', retry: false } as never);
  const now = () => new Date(t.clock.now());
  const taskList = await startTaskList({
    client: t.client,
    db: t.db,
    now,
    processesDir: path.join(ROOT, 'processes'),
    formsDir: path.join(ROOT, 'forms'),
    signingKey: SIGNING_KEY,
    secureCookies: false,
    reconcile: false,
    log: logTo(logger, 'error'),
    operations: operationsRoutes({ db: t.db, client: probe, logger, metrics, metricsToken: METRICS_TOKEN, checkTimeoutMs: 2_000 }),
  });
  const { server, url } = await taskList.listen(0, '127.0.0.1');
  return {
    t,
    url,
    metrics,
    probe,
    logText: () => text,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await taskList.close();
      await probe.close();
      await t.stop();
    },
  };
}
