import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
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
    expect(first.output()).to.include(`listening on 127.0.0.1:${port}`);
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

  it('when the engine starts without ZEEBE_HOST, then its unauthenticated gateway answers on 127.0.0.1 only; with ZEEBE_HOST=0.0.0.0, then on every interface', async () => {
    const port = await freePort();
    // 127.0.0.2 is this machine too, but another address: a gateway bound to 0.0.0.0 would answer on it.
    const local = await startChild('src/engine-main.ts', embeddedEnv(port), 'Zeebe gateway listening on');
    const reachable = [await connects('127.0.0.1', port), await connects('127.0.0.2', port)];
    local.process.kill('SIGINT');
    expect(await local.exited, local.output()).to.equal(0);
    expect(reachable).to.deep.equal([true, false]);
    const open = await startChild('src/engine-main.ts', { ...embeddedEnv(port), ZEEBE_HOST: '0.0.0.0' }, 'Zeebe gateway listening on');
    const openReachable = await connects('127.0.0.2', port);
    open.process.kill('SIGINT');
    expect(await open.exited, open.output()).to.equal(0);
    expect(open.output()).to.include(`listening on 0.0.0.0:${port}`);
    expect(openReachable).to.equal(true);
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

/** Whether a TCP connection to host:port is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
