import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { clockOptions, readConfig } from './config';
import { startEmbeddedEngine, type EmbeddedEngine } from './engine/embedded';
import { deployFolders } from './deploy-folders';
import { heldBackAtStart } from './modeler/deployments';
import { migrate, openDatabase } from './db';
import { seedDemoData } from './seed/demo-seed';
import { startWorkers } from './workers';
import { loadSigningKey } from './auth/signing-key';
import { startTaskList } from './tasklist/start-task-list';

/**
 * `npm start`: the whole application. Starts the embedded engine (unless ZEEBE_ADDRESS points at a real
 * Zeebe gateway), deploys processes/ and forms/ to it through zeebe-node, seeds the demo directory into an
 * empty embedded database (or with DEMO=1), starts the job workers, the task list's import worker and
 * the task list's web server (PORT, default 3000).
 */
async function main(): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedEngine | undefined;
  let address = config.zeebeAddress;
  const clock = clockOptions(config);
  if (!address) {
    embedded = await startEmbeddedEngine({
      host: config.zeebeHost,
      port: config.zeebePort,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      log: (message) => console.error(message),
      ...clock,
    });
    address = embedded.address;
    console.log(`Embedded Zeebe gateway listening on ${config.zeebeHost}:${embedded.gateway.port}`);
  }
  // With the embedded engine the application shares its database (one PGlite can have only one owner).
  const db = embedded?.db ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (!embedded) await migrate(db);
  if ((!config.databaseUrl || config.demo) && (await seedDemoData(db))) {
    console.log('Seeded the demo directory: two departments and one user per role, password "demo"');
  }
  const client = new ZBClient(address, { loglevel: 'NONE', useTLS: !!process.env.ZEEBE_SECURE_CONNECTION && process.env.ZEEBE_SECURE_CONNECTION !== 'false' });
  const root = path.resolve(__dirname, '..');
  // What process owners deployed from the modeler stays current: its files are not deployed over it.
  const deployed = await deployFolders(client, root, await heldBackAtStart(db), (message) => console.log(message));
  console.log(deployed.length > 0 ? `Deployed ${deployed.join(', ')}` : 'Nothing to deploy in processes/ and forms/ yet');
  const now = () => new Date(clock.clock?.now() ?? Date.now());
  startWorkers(client, { db, now });
  const taskList = await startTaskList({
    client,
    db,
    now,
    processesDir: path.join(root, 'processes'),
    formsDir: path.join(root, 'forms'),
    signingKey: loadSigningKey(process.env, config.dataDir),
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    taskJobTimeoutMs: config.taskJobTimeoutMs,
    engineLog: !!embedded,
    log: (message) => console.error(message),
  });
  const { server } = await taskList.listen(config.port);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping');
    await new Promise((resolve) => server.close(resolve));
    await taskList.close();
    await client.close();
    if (embedded) await embedded.stop();
    else await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // Announced only once the handlers are in place, so a Ctrl-C on seeing it always shuts down cleanly.
  console.log(`Task list on http://localhost:${config.port}/ (sign in as clerk-a / demo on a demo database)`);
  console.log(`Application ready (Zeebe gateway ${address})`);
}

main().catch((error) => {
  console.error(`failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
