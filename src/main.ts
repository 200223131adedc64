import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { clockOptions, readConfig } from './config';
import { startEmbeddedEngine, type EmbeddedEngine } from './engine/embedded';
import { deployFolders } from './deploy-folders';

/**
 * `npm start`: the whole application. Starts the embedded engine (unless ZEEBE_ADDRESS points at a real
 * Zeebe gateway) and deploys processes/ and forms/ to it through zeebe-node.
 */
async function main(): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedEngine | undefined;
  let address = config.zeebeAddress;
  if (!address) {
    embedded = await startEmbeddedEngine({
      port: config.zeebePort,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      log: (message) => console.error(message),
      ...clockOptions(config),
    });
    address = embedded.address;
    console.log(`Embedded Zeebe gateway listening on 0.0.0.0:${embedded.gateway.port}`);
  }
  const client = new ZBClient(address, { loglevel: 'NONE', useTLS: !!process.env.ZEEBE_SECURE_CONNECTION && process.env.ZEEBE_SECURE_CONNECTION !== 'false' });
  const deployed = await deployFolders(client, path.resolve(__dirname, '..'));
  console.log(deployed.length > 0 ? `Deployed ${deployed.join(', ')}` : 'Nothing to deploy in processes/ and forms/ yet');
  console.log(`Application ready (Zeebe gateway ${address})`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping');
    await client.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error) => {
  console.error(`failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
