import { expect } from 'chai';
import http2 from 'node:http2';
import { createServer, type Server as NetServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { loadGatewayService } from '../../../src/engine/gateway/proto';
import { GatewayError, toCallError } from '../../../src/engine/gateway/errors';
import { deadlineOf, GrpcServer, percentEncoded, type Handler, type MethodDefinition, type StreamingCall } from '../../../src/engine/gateway/grpc-server';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { waitFor } from '../../helpers/settle';

const service = loadGatewayService() as unknown as Record<string, MethodDefinition>;
const TOPOLOGY = { brokers: [], clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.3.0' };
const MAX_REQUEST_BYTES = 1024;
const LARGE_VARIABLE_CHARS = 3 * 1024 * 1024;

interface RawAnswer {
  httpStatus: number;
  grpcStatus?: string;
  grpcMessage?: string;
  body: Buffer;
}

/** The gRPC server alone, with handlers of the test's own, behind a plain TCP listener. */
describe('gateway gRPC server: the protocol as clients see it', () => {
  let listener: NetServer;
  let server: GrpcServer;
  let address: string;
  let raw: RawGateway;
  const streamingCalls: StreamingCall[] = [];
  /** Streaming calls whose handler was told they were cancelled. */
  const toldCancelled = new Set<StreamingCall>();

  const handlers: Record<string, Handler> = {
    Topology: { unary: async () => TOPOLOGY },
    CompleteJob: { unary: async () => Promise.reject(new GatewayError(status.NOT_FOUND, 'Expected to complete job 5 of 任务 "审批", but 100% of it is gone')) },
    DeployResource: { unary: async () => ({ key: '1', deployments: 'not a list' }) },
    ActivateJobs: {
      streaming: (call) => {
        streamingCalls.push(call);
        call.onCancelled(() => toldCancelled.add(call));
        if (call.request.type === 'two-messages') {
          call.write({ jobs: [] });
          call.write({ jobs: [] });
          call.end();
        }
        if (call.request.type === 'large') {
          // Far past the client's flow-control windows (64 KB a stream at first): sent as they open.
          call.write({ jobs: [{ key: '1', type: 'large', variables: JSON.stringify({ text: 'x'.repeat(LARGE_VARIABLE_CHARS) }) }] });
          call.end();
        }
      },
    },
  };

  before(async () => {
    server = new GrpcServer(service, handlers, { maxReceiveMessageBytes: MAX_REQUEST_BYTES, toCallError });
    listener = createServer((socket) => server.connect(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(listener.address() as { port: number }).port}`;
    raw = openRawGateway(address);
  });

  after(async () => {
    raw.close();
    listener.close();
    await server.close(100);
  });

  it('when a grpc-js client calls a unary method, then it gets the handler\'s answer', async () => {
    const answer = await raw.call('Topology', {});
    expect(answer).to.include({ clusterSize: 1, partitionsCount: 1, gatewayVersion: '8.3.0' });
  });

  it('when a handler fails with Chinese text and a percent sign, then the client reads the status and the text unchanged', async () => {
    const details = await expectGrpcError(raw.call('CompleteJob', { jobKey: '5' }), Code.NOT_FOUND);
    expect(details).to.equal('Expected to complete job 5 of 任务 "审批", but 100% of it is gone');
  });

  it('when a handler answers something the method\'s response cannot hold, then the call fails INTERNAL instead of hanging', async () => {
    const details = await expectGrpcError(raw.call('DeployResource', { resources: [] }), status.INTERNAL);
    expect(details).to.contain('deployments');
  });

  it('when a streaming handler writes two messages and ends, then the client receives both and the stream ends OK', async () => {
    const messages = await raw.stream('ActivateJobs', { type: 'two-messages', maxJobsToActivate: 1, timeout: 1000, requestTimeout: 1000 });
    expect(messages).to.have.length(2);
  });

  it('when a response is larger than the client\'s flow-control windows, then it arrives whole', async () => {
    const messages = await raw.stream('ActivateJobs', { type: 'large', maxJobsToActivate: 1, timeout: 1000, requestTimeout: 1000 });
    expect(messages).to.have.length(1);
    expect(JSON.parse(messages[0].jobs[0].variables).text).to.have.length(LARGE_VARIABLE_CHARS);
  });

  it('when the client cancels a streaming call, then the handler is told and the call reads as cancelled', async () => {
    const before = streamingCalls.length;
    await rawRequest('/gateway_protocol.Gateway/ActivateJobs', message('ActivateJobs', { type: 'parked-to-cancel', maxJobsToActivate: 1, timeout: 1000, requestTimeout: 60000 }), {}, { cancel: true });
    const call = streamingCalls[before];
    await waitFor(async () => toldCancelled.has(call));
    expect(call.cancelled).to.equal(true);
  });

  it('when the request asks for a deadline that passes first, then the call ends DEADLINE_EXCEEDED and the handler sees it cancelled', async () => {
    const before = streamingCalls.length;
    const answer = await rawRequest('/gateway_protocol.Gateway/ActivateJobs', message('ActivateJobs', { type: 'parked-past-deadline', maxJobsToActivate: 1, timeout: 1000, requestTimeout: 60000 }), { 'grpc-timeout': '20m' });
    expect(answer.grpcStatus).to.equal(String(status.DEADLINE_EXCEEDED));
    expect(streamingCalls.length).to.equal(before + 1);
    expect(toldCancelled.has(streamingCalls[before])).to.equal(true);
  });

  it('when the request message is gzip-compressed, then it is read as the plain one would be', async () => {
    const answer = await rawRequest('/gateway_protocol.Gateway/Topology', framed(gzipSync(requestBytes('Topology', {})), 1), { 'grpc-encoding': 'gzip' });
    expect(answer.grpcStatus).to.equal('0');
    const response = (service.Topology as unknown as { responseDeserialize(bytes: Buffer): object }).responseDeserialize(answer.body.subarray(5));
    expect(response).to.include({ gatewayVersion: '8.3.0' });
  });

  it('when the request message is compressed with an encoding the server does not know, then UNIMPLEMENTED names it', async () => {
    const answer = await rawRequest('/gateway_protocol.Gateway/Topology', framed(Buffer.from('x'), 1), { 'grpc-encoding': 'snappy' });
    expect(answer.grpcStatus).to.equal(String(status.UNIMPLEMENTED));
    expect(decodeURIComponent(answer.grpcMessage!)).to.contain('"snappy"');
  });

  it('when the request message is larger than allowed, then RESOURCE_EXHAUSTED says both sizes', async () => {
    const answer = await rawRequest('/gateway_protocol.Gateway/Topology', framed(Buffer.alloc(MAX_REQUEST_BYTES + 1), 0));
    expect(answer.grpcStatus).to.equal(String(status.RESOURCE_EXHAUSTED));
    expect(answer.grpcMessage).to.contain(`${MAX_REQUEST_BYTES + 1} vs. ${MAX_REQUEST_BYTES}`);
  });

  it('when the request body is cut short of its message, then INTERNAL says the body did not hold one message', async () => {
    const answer = await rawRequest('/gateway_protocol.Gateway/Topology', framed(Buffer.alloc(10), 0).subarray(0, 8));
    expect(answer.grpcStatus).to.equal(String(status.INTERNAL));
    expect(decodeURIComponent(answer.grpcMessage!)).to.match(/Expected one request message/);
  });

  it('when a method the server has no handler for is called, then UNIMPLEMENTED names its path', async () => {
    const answer = await rawRequest('/gateway_protocol.Gateway/DeleteResource', message('DeleteResource', {}));
    expect(answer.grpcStatus).to.equal(String(status.UNIMPLEMENTED));
    expect(decodeURIComponent(answer.grpcMessage!)).to.contain('/gateway_protocol.Gateway/DeleteResource');
  });

  it('when the request is not gRPC (another content type), then HTTP 415 and no call', async () => {
    const before = streamingCalls.length;
    const answer = await rawRequest('/gateway_protocol.Gateway/ActivateJobs', Buffer.from('{}'), { 'content-type': 'application/json' });
    expect(answer.httpStatus).to.equal(415);
    expect(streamingCalls.length).to.equal(before);
  });

  /** One request on its own HTTP/2 connection; the status from the trailers, or from the headers when there are none. */
  function rawRequest(path: string, body: Buffer, headers: Record<string, string> = {}, options: { cancel?: boolean } = {}): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const session = http2.connect(`http://${address}`);
      session.on('error', reject);
      const request = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
      const chunks: Buffer[] = [];
      let responseHeaders: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {};
      let trailers: http2.IncomingHttpHeaders = {};
      request.on('response', (received) => (responseHeaders = received));
      request.on('trailers', (received) => (trailers = received));
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('error', () => undefined);
      request.on('close', () => {
        session.close();
        const field = (name: string) => (trailers[name] ?? responseHeaders[name]) as string | undefined;
        resolve({ httpStatus: Number(responseHeaders[':status']), grpcStatus: field('grpc-status'), grpcMessage: field('grpc-message'), body: Buffer.concat(chunks) });
      });
      request.end(body);
      if (options.cancel) {
        // Once the handler has the call, as a client whose caller gave up.
        const parked = async () => streamingCalls.some((call) => call.request.type === 'parked-to-cancel');
        waitFor(parked).then(() => request.close(http2.constants.NGHTTP2_CANCEL), reject);
      }
    });
  }
});

describe('gateway gRPC server: header values', () => {
  it('when a status text is printable ASCII without a percent sign, then grpc-message carries it as it is', () => {
    expect(percentEncoded('Expected to find job 5, but none')).to.equal('Expected to find job 5, but none');
  });

  it('when a status text holds a percent sign, a line break or Chinese, then those bytes are percent-encoded UTF-8', () => {
    expect(percentEncoded('100%\n任务')).to.equal('100%25%0A%E4%BB%BB%E5%8A%A1');
  });

  for (const [header, ms] of [['1H', 3_600_000], ['2M', 120_000], ['3S', 3000], ['250m', 250], ['1500u', 2], ['5n', 1]] as const) {
    it(`when grpc-timeout is ${header}, then the deadline is ${ms} ms from the call`, () => {
      expect(deadlineOf(header)).to.equal(ms);
    });
  }

  it('when grpc-timeout is absent or not in the protocol\'s form, then the call has no deadline', () => {
    expect(deadlineOf(undefined)).to.equal(undefined);
    expect(deadlineOf('10 seconds')).to.equal(undefined);
    expect(deadlineOf('123456789S')).to.equal(undefined);
  });

  it('when grpc-timeout is further off than a timer can wait (99999999H), then the call has no deadline rather than one that passes at once', () => {
    expect(deadlineOf('99999999H')).to.equal(undefined);
    expect(deadlineOf('596H')).to.equal(596 * 3_600_000);
  });
});

function requestBytes(method: string, value: object): Buffer {
  return (service[method] as unknown as { requestSerialize(value: object): Buffer }).requestSerialize(value);
}

function message(method: string, value: object): Buffer {
  return framed(requestBytes(method, value), 0);
}

function framed(payload: Buffer, compressed: 0 | 1): Buffer {
  const bytes = Buffer.alloc(5 + payload.length);
  bytes[0] = compressed;
  bytes.writeUInt32BE(payload.length, 1);
  payload.copy(bytes, 5);
  return bytes;
}
