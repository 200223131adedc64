import { clockOptions, readConfig } from './config';
import { startEmbeddedEngine } from './engine/embedded';

/** `npm run engine`: the embedded Zeebe-compatible engine alone, until Ctrl-C or SIGTERM. */
async function main(): Promise<void> {
  const config = readConfig();
  const embedded = await startEmbeddedEngine({
    host: config.zeebeHost,
    port: config.zeebePort,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    log: (message) => console.error(message),
    ...clockOptions(config),
  });
  const where = config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}`;
  console.log(`Zeebe gateway listening on ${config.zeebeHost}:${embedded.gateway.port} (log in ${where})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the engine`);
    await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(`engine failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
