import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startChild } from './helpers/child-engine';
import { newClient } from './helpers/engine';
import { bpmnXml, chain, end, start, task } from './helpers/bpmn';

/**
 * The entry points as a user runs them: `npm start` and `npm run engine` on the embedded defaults,
 * stopped with Ctrl-C (SIGINT), started again on the same data.
 */
describe('command line: npm start and npm run engine', function () {
  this.timeout(120_000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govit-cli-'));
  });

  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // The suite's DATABASE_URL (server runs) is deliberately removed: these test the embedded default.
  const embeddedEnv = (port: number) => ({ ZEEBE_PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', ZEEBE_ADDRESS: '' });

  it('when the engine is started, used, stopped with Ctrl-C and started again, then its data is still there', async () => {
    const port = await freePort();
    const first = await startChild('src/engine-main.ts', embeddedEnv(port), 'Zeebe gateway listening on');
    const client = newClient(`localhost:${port}`);
    const xml = bpmnXml('cli-process', start(), task('noop'), end(), ...chain('start', 'noop', 'end'));
    await client.deployResource({ process: Buffer.from(xml), name: 'cli-process.bpmn' });
    await client.close();
    first.process.kill('SIGINT');
    expect(await first.exited, first.output()).to.equal(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).to.equal(true);

    const second = await startChild('src/engine-main.ts', embeddedEnv(port), 'Zeebe gateway listening on');
    const again = newClient(`localhost:${port}`);
    const result = await again.createProcessInstanceWithResult({ bpmnProcessId: 'cli-process', variables: { n: 1 } });
    expect(result.variables).to.deep.equal({ n: 1 });
    await again.close();
    second.process.kill('SIGTERM');
    expect(await second.exited, second.output()).to.equal(0);
  });

  it('when the application starts, then it deploys processes/ and forms/, serves the gateway and the task list', async () => {
    const port = await freePort();
    const webPort = await freePort();
    const app = await startChild('src/main.ts', { ...embeddedEnv(port), PORT: String(webPort) }, 'Application ready');
    const client = newClient(`localhost:${port}`);
    const topology = await client.topology();
    expect(topology.brokers[0].partitions[0]).to.include({ partitionId: 1, role: 'LEADER' });
    await client.close();
    const login = await fetch(`http://127.0.0.1:${webPort}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk-a', password: 'demo' }),
    });
    expect(login.status, app.output()).to.equal(200);
    app.process.kill('SIGINT');
    expect(await app.exited, app.output()).to.equal(0);
  });
});
