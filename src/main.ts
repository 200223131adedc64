import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { ConfigError, clockOptions, describeConfig, readConfig } from './config';
import { startEmbeddedEngine, type EmbeddedEngine } from './engine/embedded';
import { deployFolders } from './deploy-folders';
import { heldBackAtStart } from './modeler/deployments';
import { migrate, openDatabase } from './db';
import { seedDemoData } from './seed/demo-seed';
import { startWorkers } from './workers';
import { loadSigningKey } from './auth/signing-key';
import { startTaskList } from './tasklist/start-task-list';
import { startAuditTrail } from './history/audit-trail';
import { createLogger, logTo } from './ops/logger';
import { AppMetrics, logBytesGauge } from './ops/metrics';
import { operationsRoutes } from './ops/operations';
import { connectToZeebe, zeebeClientOptions } from './zeebe-connection';

/**
 * `npm start`: the whole application. Starts the embedded engine (unless ZEEBE_ADDRESS points at a real
 * Zeebe gateway), deploys processes/ and forms/ to it through zeebe-node, seeds the demo directory into an
 * empty embedded database (or with DEMO=1), starts the job workers, the task list's import worker and
 * the task list's web server (PORT, default 3000) with /healthz, /readyz and /metrics beside it.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const signingKey = loadSigningKey(config.jwtSecret, config.dataDir);
  const logger = createLogger({ level: config.logLevel, secrets: [signingKey, config.zeebeClientSecret, config.metricsToken] });
  logger.info({ config: describeConfig(config) }, 'Starting');
  const metrics = new AppMetrics();
  let embedded: EmbeddedEngine | undefined;
  let address = config.zeebeAddress;
  const clock = clockOptions(config, logTo(logger, 'warn'));
  if (!address) {
    embedded = await startEmbeddedEngine({
      host: config.zeebeHost,
      port: config.zeebePort,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      log: logTo(logger, 'warn'),
      engine: { onBatchCommitted: metrics.batchCommitted },
      ...clock,
    });
    address = embedded.address;
    metrics.logSizeAtStart(embedded.engine.currentState.lastPosition);
    logger.info(`Embedded Zeebe gateway listening on ${config.zeebeHost}:${embedded.gateway.port}`);
  } else {
    logger.info(`External engine: no embedded engine is started; using the Zeebe gateway at ${address}`);
  }
  // With the embedded engine the application shares its database (one PGlite can have only one owner).
  const db = embedded?.db ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (!embedded) await migrate(db);
  else logBytesGauge(metrics, db);
  if ((!config.databaseUrl || config.demo) && (await seedDemoData(db))) {
    logger.info('Seeded the demo directory: two departments and one user per role, password "demo"');
  }
  const client = connectToZeebe(address, config);
  // The readiness probe's own client: without retries its topology call fails at once when the gateway is down.
  const probeClient = new ZBClient(address, { ...zeebeClientOptions(config), retry: false });
  const root = path.resolve(__dirname, '..');
  // What process owners deployed from the modeler stays current: its files are not deployed over it.
  const deployed = await deployFolders(client, root, await heldBackAtStart(db), logTo(logger, 'info'));
  logger.info(deployed.length > 0 ? `Deployed ${deployed.join(', ')}` : 'Nothing to deploy in processes/ and forms/ yet');
  const now = () => new Date(clock.clock?.now() ?? Date.now());
  startWorkers(client, { db, now }, metrics.jobs);
  const audit = await startAuditTrail({ db, dataDir: config.dataDir, settings: config, now: () => now().getTime(), log: logTo(logger, 'info') });
  const taskList = await startTaskList({
    client,
    db,
    now,
    processesDir: path.join(root, 'processes'),
    formsDir: path.join(root, 'forms'),
    signingKey,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    taskJobTimeoutMs: config.taskJobTimeoutMs,
    audit,
    engineLog: !!embedded,
    log: logTo(logger, 'error'),
    operations: operationsRoutes({ db, client: probeClient, logger, metrics, metricsToken: config.metricsToken }),
  });
  const { server } = await taskList.listen(config.port);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('Stopping');
    await new Promise((resolve) => server.close(resolve));
    await taskList.close();
    await client.close();
    await probeClient.close();
    // The last checkpoint signs everything up to the stop (rows the engine writes while stopping follow it).
    await audit.stop().catch((error) => logger.error(`Could not write the last audit checkpoint: ${error.message}`));
    if (embedded) await embedded.stop();
    else await db.destroy();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // Announced only once the handlers are in place, so a Ctrl-C on seeing it always shuts down cleanly.
  logger.info(`Task list on http://localhost:${config.port}/ (sign in as clerk-a / demo on a demo database)`);
  logger.info(`Application ready (Zeebe gateway ${address})`);
}

main().catch((error) => {
  // A configuration error is the operator's to fix: its message says what, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : `failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
