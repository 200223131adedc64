import { ConfigError, clockOptions, readConfig } from './config';
import { createLogger, logTo } from './ops/logger';
import { startEmbeddedEngine } from './engine/embedded';

/** `npm run engine`: the embedded Zeebe-compatible engine alone, until Ctrl-C or SIGTERM. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel });
  const embedded = await startEmbeddedEngine({
    host: config.zeebeHost,
    port: config.zeebePort,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    log: logTo(logger, 'warn'),
    ...clockOptions(config, logTo(logger, 'warn')),
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping the engine`);
    await embedded.stop();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Announced only once the handlers are in place: a signal sent on seeing this line must not find
  // the default action (immediate termination, no snapshot) still installed.
  const where = config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}`;
  logger.info(`Zeebe gateway listening on ${config.zeebeHost}:${embedded.gateway.port} (log in ${where})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `engine failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
