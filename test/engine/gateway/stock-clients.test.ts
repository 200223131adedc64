import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '../../helpers/engine';

// The clients as a user's application installs them: bench/stock-clients has its own package-lock.json
// (zeebe-node 8.3.2 with its pinned @grpc/grpc-js 1.9.7; @camunda8/sdk), none of this project's overrides.
// `npm ci --prefix bench/stock-clients` installs them (.ci/run does).
const STOCK_CLIENTS = join(__dirname, '..', '..', '..', 'bench', 'stock-clients');
const PROCESS_FILE = join(__dirname, '..', '..', '..', 'bench', 'bench-one-task.bpmn');

/** `npm run test:stock-clients` sets this: the load version (seconds per client) instead of fixed counts. */
const LOAD_SECONDS = Number(process.env.STOCK_CLIENTS_SECONDS ?? 0);
const IN_FLIGHT = Number(process.env.STOCK_CLIENTS_IN_FLIGHT ?? 32);
/** zeebe-node: enough calls (each reset once by grpc-js 1.9.7) to pass the burst nghttp2 allows one connection. */
const ZEEBE_NODE_COUNTS = { instances: 200, topologyCalls: 1200 };
/** The SDK's grpc-js does not reset finished calls; a short run shows it works against the gateway. */
const SDK_COUNTS = { instances: 100, topologyCalls: 200 };
/** nghttp2's rapid-reset allowance per connection: a burst of 1,000 resets, then 33 a second. */
const RESET_BURST = 1000;

interface DriveResult {
  client: string;
  seconds: number;
  calls: { topology: number; createWithResult: number; completeJob: number };
  answered: number;
  callsPerSecond: number;
  errors: Record<string, number>;
  connections: number;
  streams: number;
  resetsOfOpenStreams: number;
}

function drive(
  client: 'zeebe-node' | 'sdk',
  address: string,
  counts: { instances: number; topologyCalls: number },
  jobs: 'poll' | 'stream' = 'poll',
): Promise<DriveResult> {
  const options = {
    client,
    jobs,
    address,
    bpmn: PROCESS_FILE,
    processId: 'bench-one-task',
    taskType: 'bench-task',
    ...counts,
    seconds: LOAD_SECONDS,
    inFlight: IN_FLIGHT,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(STOCK_CLIENTS, 'drive.cjs'), JSON.stringify(options)], { cwd: STOCK_CLIENTS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      // The SDK logs to stdout as well; the driver's figures are its last JSON line.
      const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"client"') || l.startsWith('{"fatal"'));
      if (!line) return reject(new Error(`Expected the ${client} driver to print its counts, but it printed none (${error?.message ?? ''}): ${stderr.slice(-2000)}`));
      const parsed = JSON.parse(line) as DriveResult & { fatal?: string };
      if (parsed.fatal) return reject(new Error(`Expected the ${client} driver to run, but it failed: ${parsed.fatal}`));
      resolve(parsed);
    });
  });
}

describe('gateway: stock Zeebe clients (own lockfile, no overrides) under load', function () {
  this.timeout(LOAD_SECONDS > 0 ? (LOAD_SECONDS + 120) * 1000 : 240_000);
  let t: TestEngine;

  before(async function () {
    if (!existsSync(join(STOCK_CLIENTS, 'node_modules', 'zeebe-node'))) {
      throw new Error('Expected the stock clients in bench/stock-clients/node_modules; install them with `npm ci --prefix bench/stock-clients`');
    }
    t = await startTestEngine();
  });
  after(async () => t?.stop());

  const report = (result: DriveResult) =>
    console.log(
      `      ${result.client}: ${result.answered} calls in ${result.seconds.toFixed(1)} s (${result.callsPerSecond.toFixed(0)}/s) on ` +
        `${result.connections} connection(s), ${result.resetsOfOpenStreams} client resets, errors ${JSON.stringify(result.errors)}`,
    );

  it('when zeebe-node 8.3.2 (grpc-js 1.9.7) resets every finished call, more than nghttp2 allows a connection, then no call fails and it keeps its one connection', async () => {
    const result = await drive('zeebe-node', `127.0.0.1:${t.embedded.gateway.port}`, ZEEBE_NODE_COUNTS);
    report(result);

    expect(result.errors).to.deep.equal({});
    expect(result.connections).to.equal(1);
    // The client did reset its streams, beyond the burst that used to end the connection.
    expect(result.resetsOfOpenStreams).to.be.greaterThan(RESET_BURST);
    if (LOAD_SECONDS === 0) {
      const { topologyCalls, instances } = ZEEBE_NODE_COUNTS;
      expect(result.calls).to.deep.equal({ topology: topologyCalls, createWithResult: instances, completeJob: instances });
    }
  });

  it("when @camunda8/sdk's Zeebe gRPC client drives the gateway, then no call fails and it keeps its one connection", async () => {
    const result = await drive('sdk', `127.0.0.1:${t.embedded.gateway.port}`, SDK_COUNTS);
    report(result);

    expect(result.errors).to.deep.equal({});
    expect(result.connections).to.equal(1);
    if (LOAD_SECONDS === 0) {
      const { topologyCalls, instances } = SDK_COUNTS;
      expect(result.calls).to.deep.equal({ topology: topologyCalls, createWithResult: instances, completeJob: instances });
    }
  });

  it("when @camunda8/sdk's streamJobs worker takes the jobs (StreamActivatedJobs, no backfill poll), then every job arrives pushed and no call fails", async () => {
    const result = await drive('sdk', `127.0.0.1:${t.embedded.gateway.port}`, SDK_COUNTS, 'stream');
    report(result);

    expect(result.errors).to.deep.equal({});
    // Every instance ended, so every job was pushed: the worker's only poll ran before the first instance.
    expect(result.calls.completeJob).to.equal(result.calls.createWithResult);
    expect(result.calls.createWithResult).to.be.greaterThan(0);
    if (LOAD_SECONDS === 0) expect(result.calls.createWithResult).to.equal(SDK_COUNTS.instances);
  });
});
