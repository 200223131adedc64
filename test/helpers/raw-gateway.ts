import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * A bare grpc-js client of the Gateway service, built from the .proto that zeebe-node ships. Tests use it
 * where zeebe-node cannot say what the test needs: a variables document that is not an object (zeebe-node
 * stringifies objects), an ActivateJobs stream that ends empty (zbc.activateJobs never resolves then), and
 * RPCs zeebe-node does not wrap.
 */
export interface RawGateway {
  /** Calls a unary RPC by its proto name ("CreateProcessInstance"); rejects with the grpc ServiceError. */
  call<T = any>(method: string, request: object): Promise<T>;
  /** Calls a server-streaming RPC and collects its messages until the stream ends; rejects with the ServiceError. */
  stream<T = any>(method: string, request: object): Promise<T[]>;
  /**
   * Opens a server-streaming RPC and leaves it open (StreamActivatedJobs): its messages as they arrive. Once a
   * unary call made after it has been answered, the gateway has the stream: both travel on one connection.
   */
  openStream<T = any>(method: string, request: object): OpenStream<T>;
  /** Calls ActivateJobs and collects every job the stream delivers until it ends. */
  activateJobs(request: ActivateRequest): Promise<ActivateResult>;
  close(): void;
}

export interface OpenStream<T> {
  readonly messages: T[];
  /** Resolves once `count` messages in all have arrived; rejects if the stream ends or fails before. */
  received(count: number): Promise<T[]>;
  /** Resolves with the status the stream ended with (code 0 when the server ended it cleanly). */
  readonly ended: Promise<{ code: number; details: string }>;
  cancel(): void;
}

export interface ActivateRequest {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  requestTimeout: number;
  fetchVariable?: string[];
}

export interface ActivateResult {
  jobs: any[];
  /** How many response messages the stream carried before it ended. */
  responses: number;
  /** Wall-clock milliseconds from the call to the end of the stream. */
  elapsedMs: number;
}

export function openRawGateway(address: string): RawGateway {
  const protoPath = path.join(path.dirname(require.resolve('zeebe-node/package.json')), 'proto', 'zeebe.proto');
  const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const Gateway = (grpc.loadPackageDefinition(definition) as any).gateway_protocol.Gateway;
  const client = new Gateway(address, grpc.credentials.createInsecure());
  const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

  return {
    call(method, request) {
      return new Promise((resolve, reject) => {
        client[lowerFirst(method)](request, (error: grpc.ServiceError | null, response: any) => (error ? reject(error) : resolve(response)));
      });
    },
    stream(method, request) {
      return new Promise((resolve, reject) => {
        const messages: any[] = [];
        const call = client[lowerFirst(method)](request);
        call.on('data', (message: any) => messages.push(message));
        call.on('error', reject);
        call.on('end', () => resolve(messages));
      });
    },
    openStream(method, request) {
      const messages: any[] = [];
      const waiters: Array<{ count: number; resolve: (messages: any[]) => void; reject: (error: Error) => void }> = [];
      let endedWith: { code: number; details: string } | undefined;
      const call = client[lowerFirst(method)](request);
      const ended = new Promise<{ code: number; details: string }>((resolve) => {
        const settle = (status: { code: number; details: string }) => {
          if (endedWith) return;
          endedWith = { code: status.code, details: status.details };
          for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the stream ended (${status.code} ${status.details}) after ${messages.length} of ${waiter.count} messages`));
          resolve(endedWith);
        };
        call.on('status', settle);
        call.on('error', settle);
      });
      call.on('data', (message: any) => {
        messages.push(message);
        for (const waiter of waiters.filter((w) => messages.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(messages.slice(0, waiter.count));
        }
      });
      return {
        messages,
        ended,
        received: (count) =>
          messages.length >= count
            ? Promise.resolve(messages.slice(0, count))
            : endedWith
              ? Promise.reject(new Error(`the stream ended (${endedWith.code} ${endedWith.details}) after ${messages.length} of ${count} messages`))
              : new Promise((resolve, reject) => waiters.push({ count, resolve, reject })),
        cancel: () => call.cancel(),
      };
    },
    activateJobs(request) {
      const startedAt = Date.now();
      return new Promise((resolve, reject) => {
        const jobs: any[] = [];
        let responses = 0;
        const stream = client.activateJobs({ worker: 'raw-test-worker', fetchVariable: [], ...request });
        stream.on('data', (response: { jobs: any[] }) => {
          responses++;
          jobs.push(...response.jobs);
        });
        stream.on('error', reject);
        stream.on('end', () => resolve({ jobs, responses, elapsedMs: Date.now() - startedAt }));
      });
    },
    close() {
      client.close();
    },
  };
}
