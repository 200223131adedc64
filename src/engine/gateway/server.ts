import { status } from '@grpc/grpc-js';
import { createServer, type Server as NetServer } from 'node:net';
import type { Engine } from '../engine';
import { loadGatewayService } from './proto';
import { unaryHandlers } from './handlers';
import { LongPolling } from './long-polling';
import { JobStreams } from './job-streams';
import { GatewayError, toCallError } from './errors';
import { GrpcServer, type Handler, type MethodDefinition } from './grpc-server';

/** Not built yet: answered UNIMPLEMENTED with a message saying so. */
const NOT_YET = ['EvaluateDecision', 'ModifyProcessInstance', 'DeleteResource'];

/** Requests may be bigger than a resource so that an oversize resource gets our clear error, not a transport one. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** How long a stopping gateway lets the calls in progress finish before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 2000;

export interface GatewayServer {
  port: number;
  stop(): Promise<void>;
}

/** Serves the Zeebe 8.3 Gateway gRPC service over plaintext on host:port (port 0 picks a free one). */
export async function startGateway(engine: Engine, options: { host?: string; port: number }): Promise<GatewayServer> {
  // Streams first: their batch-end hook runs before long polling's, so a pushed job goes to a stream.
  const jobStreams = new JobStreams(engine);
  const longPolling = new LongPolling(engine);
  let boundPort = options.port;
  const service = loadGatewayService() as unknown as Record<string, MethodDefinition>;
  const handlers: Record<string, Handler> = {
    ActivateJobs: { streaming: (call) => void longPolling.handle(call) },
    StreamActivatedJobs: { streaming: (call) => jobStreams.handle(call) },
  };
  for (const [name, handler] of Object.entries(unaryHandlers(engine, () => boundPort))) handlers[name] = { unary: handler };
  for (const name of NOT_YET) {
    const error = { code: status.UNIMPLEMENTED, details: `Expected to handle ${name}, but this embedded engine does not implement it yet` };
    handlers[name] = service[name].responseStream
      ? { streaming: (call) => call.fail(error) }
      : { unary: () => Promise.reject(new GatewayError(error.code, error.details)) };
  }
  const server = new GrpcServer(service, handlers, { maxReceiveMessageBytes: MAX_MESSAGE_BYTES, toCallError });
  const listener = createServer({ noDelay: true }, (socket) => server.connect(socket));
  boundPort = await listen(listener, options.host ?? '127.0.0.1', options.port);
  return {
    port: boundPort,
    stop: async () => {
      longPolling.closeAll();
      jobStreams.closeAll();
      listener.close();
      await server.close(SHUTDOWN_GRACE_MS);
    },
  };
}

function listen(listener: NetServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    listener.once('error', (error) => reject(new Error(`Expected to serve the Zeebe gateway on ${host}:${port}, but ${error.message}`)));
    listener.listen(port, host, () => {
      const address = listener.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
