import * as grpc from '@grpc/grpc-js';
import { createServer, type Server as NetServer } from 'node:net';
import type { Engine } from '../engine';
import { loadGatewayService } from './proto';
import { unary, unaryHandlers } from './handlers';
import { LongPolling } from './long-polling';
import { toServiceError } from './errors';
import { withoutClosedStreamResets } from './filtered-connection';

/** Not built yet: answered UNIMPLEMENTED with a message saying so, rather than grpc-js's bare default. */
const NOT_YET = ['StreamActivatedJobs', 'EvaluateDecision', 'ModifyProcessInstance', 'DeleteResource'];

/** Requests may be bigger than a resource so that an oversize resource gets our clear error, not a transport one. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface GatewayServer {
  port: number;
  stop(): Promise<void>;
}

/** Serves the Zeebe 8.3 Gateway gRPC service over plaintext on host:port (port 0 picks a free one). */
export async function startGateway(engine: Engine, options: { host?: string; port: number }): Promise<GatewayServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    // Channelz (grpc-js's introspection service, which nothing here serves) would count and time-stamp every
    // call and message.
    'grpc.enable_channelz': 0,
  });
  const longPolling = new LongPolling(engine);
  let boundPort = options.port;
  const implementation: grpc.UntypedServiceImplementation = {
    ActivateJobs: (call: grpc.ServerWritableStream<any, any>) => void longPolling.handle(call),
  };
  for (const [name, handler] of Object.entries(unaryHandlers(engine, () => boundPort))) {
    implementation[name] = unary(handler, toServiceError);
  }
  for (const name of NOT_YET) {
    const message = `Expected to handle ${name}, but this embedded engine does not implement it yet`;
    implementation[name] = (call: any, callback?: grpc.sendUnaryData<unknown>) => {
      const error = { code: grpc.status.UNIMPLEMENTED, details: message };
      if (callback) callback(error, null);
      else call.emit('error', error);
    };
  }
  server.addService(loadGatewayService(), implementation);
  // We accept the TCP connections ourselves and hand them to grpc-js, so that the resets older grpc-js clients
  // send for finished calls are dropped before nghttp2 counts them (closed-stream-resets.ts).
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const listener = createServer({ noDelay: true }, (socket) => injector.injectConnection(withoutClosedStreamResets(socket)));
  boundPort = await listen(listener, options.host ?? '127.0.0.1', options.port);
  return {
    port: boundPort,
    stop: () =>
      new Promise<void>((resolve) => {
        longPolling.closeAll();
        listener.close();
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
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
