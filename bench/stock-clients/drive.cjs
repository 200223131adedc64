// Drives the embedded gateway with a Zeebe client exactly as a user's application installs it (this folder's
// own package-lock.json: zeebe-node 8.3.2 with its pinned @grpc/grpc-js 1.9.7, or @camunda8/sdk with the
// grpc-js it resolves), in its own process so nothing of the project's node_modules or overrides is loaded.
// Prints one JSON line of counts on stdout; asserts nothing (test/engine/gateway/stock-clients.test.ts does).
//
//   node drive.cjs '{"client":"zeebe-node","address":"127.0.0.1:26500","bpmn":"/path/one-task.bpmn",
//                    "processId":"p","taskType":"t","instances":300,"topologyCalls":2000,"seconds":0,"inFlight":32}'
//
// With "seconds" > 0 it runs for that long instead of to the counts. Every call goes over one HTTP/2
// connection; the counts say how many connections the client opened and how many streams it reset itself.
// With "jobs":"stream" (the SDK only) the jobs are pushed to the SDK's streamJobs worker (StreamActivatedJobs)
// instead of polled, with its periodic backfill poll off: every job completed came down the stream.
'use strict';
const http2 = require('node:http2');

const options = JSON.parse(process.argv[2]);
const counts = { connections: 0, streams: 0, resetsOfOpenStreams: 0 };

// Watch the client's HTTP/2 use from below: connections opened, streams started, streams it reset while the
// stream was still open on its side (grpc-js before 1.10.4 does this at the end of every call).
const realConnect = http2.connect;
http2.connect = function connect(...args) {
  counts.connections++;
  const session = realConnect.apply(this, args);
  const request = session.request;
  session.request = function (...requestArgs) {
    counts.streams++;
    const stream = request.apply(this, requestArgs);
    const close = stream.close;
    stream.close = function (...closeArgs) {
      if (!this.closed) counts.resetsOfOpenStreams++;
      return close.apply(this, closeArgs);
    };
    return stream;
  };
  return session;
};

const errors = {};
function countError(source, error) {
  const text = `${source}: ${String((error && (error.details || error.message)) || error).slice(0, 160)}`;
  errors[text] = (errors[text] || 0) + 1;
}
const quiet = { info() {}, debug() {}, error: (message) => countError('client log', { message: String(message) }) };

function makeClient() {
  if (options.client === 'zeebe-node') {
    const { ZBClient } = require('zeebe-node');
    return new ZBClient(options.address, { useTLS: false, retry: false, loglevel: 'ERROR', stdout: quiet });
  }
  const { Camunda8 } = require('@camunda8/sdk');
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${options.address}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false },
  });
  return c8.getZeebeGrpcApiClient();
}

async function main() {
  const client = makeClient();
  const started = performance.now();
  const deadline = options.seconds > 0 ? started + options.seconds * 1000 : Infinity;
  const calls = { topology: 0, createWithResult: 0, completeJob: 0 };
  await client.deployResource({ processFilename: options.bpmn });
  const taskHandler = async (job) => {
    try {
      await client.completeJob({ jobKey: job.key, variables: {} });
      calls.completeJob++;
    } catch (error) {
      countError('completeJob', error);
    }
    return job.forward();
  };
  const worker =
    options.jobs === 'stream'
      ? await client.streamJobs({ type: options.taskType, worker: 'stock-stream', timeout: 60_000, pollInterval: 0, taskHandler })
      : client.createWorker({ taskType: options.taskType, maxJobsToActivate: 64, pollInterval: 10, taskHandler });
  let instancesLeft = options.seconds > 0 ? Infinity : options.instances;
  let topologyLeft = options.seconds > 0 ? Infinity : options.topologyCalls;
  const instanceLoop = async () => {
    while (instancesLeft > 0 && performance.now() < deadline) {
      instancesLeft--;
      try {
        await client.createProcessInstanceWithResult({ bpmnProcessId: options.processId, variables: {} });
        calls.createWithResult++;
      } catch (error) {
        countError('createProcessInstanceWithResult', error);
      }
    }
  };
  // Topology is answered by the gateway alone: cheap calls that bring the call rate on the one connection up
  // to what the engine behind it could not carry on a small machine.
  const topologyLoop = async () => {
    while (topologyLeft > 0 && performance.now() < deadline) {
      topologyLeft--;
      try {
        await client.topology();
        calls.topology++;
      } catch (error) {
        countError('topology', error);
      }
    }
  };
  const inFlight = options.inFlight;
  await Promise.all([
    ...Array.from({ length: Math.max(1, Math.floor(inFlight / 2)) }, instanceLoop),
    ...Array.from({ length: Math.max(1, Math.ceil(inFlight / 2)) }, topologyLoop),
  ]);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await client.close();
  const answered = calls.topology + calls.createWithResult + calls.completeJob;
  process.stdout.write(
    `${JSON.stringify({ client: options.client, seconds, calls, answered, callsPerSecond: answered / seconds, errors, ...counts })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stdout.write(`${JSON.stringify({ fatal: String((error && error.stack) || error) })}\n`);
    process.exit(1);
  },
);
