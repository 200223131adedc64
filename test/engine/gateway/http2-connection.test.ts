import { expect } from 'chai';
import http2 from 'node:http2';
import { connect, createServer, type Server as NetServer } from 'node:net';
import { loadGatewayService } from '../../../src/engine/gateway/proto';
import { toCallError } from '../../../src/engine/gateway/errors';
import { GrpcServer, type MethodDefinition } from '../../../src/engine/gateway/grpc-server';
import { HpackDecoder, HpackError, encodeLiteralFields } from '../../../src/engine/gateway/http2/hpack';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

/** A seeded pseudo-random source (a linear congruential generator), so a failing input can be found again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function randomBytes(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

describe('gateway HTTP/2: HPACK header blocks', () => {
  it('when the requests of RFC 7541 C.4 are decoded in turn, then each gives its header list, the later ones through the dynamic table', () => {
    const decoder = new HpackDecoder();
    const common = [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ];
    expect(decoder.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))).to.deep.equal(common);
    expect(decoder.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))).to.deep.equal([...common, ['cache-control', 'no-cache']]);
    expect(decoder.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'))).to.deep.equal([
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ]);
  });

  it('when response headers are encoded, then a decoder reads them back, a value longer than 127 bytes included', () => {
    const fields: Array<[string, string]> = [
      [':status', '200'],
      ['grpc-message', `${'%E4'.repeat(100)} end`],
    ];
    expect(new HpackDecoder().decode(encodeLiteralFields(fields))).to.deep.equal(fields);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['an index beyond both tables', 'be', /index 62, beyond the tables/],
    ['a table size larger than the server allows', '3fe2 1f', /more than the 4096 allowed/],
    ['a Huffman string padded with zeros', '0081 00 8100', /padded with something other than the start of EOS/],
    ['a string longer than its block', '0005 6162', /runs past the end/],
  ];
  for (const [what, block, message] of malformed) {
    it(`when a header block holds ${what}, then decoding fails with a compression error naming it`, () => {
      expect(() => new HpackDecoder().decode(hex(block))).to.throw(HpackError, message);
    });
  }

  it('when 20,000 random byte strings are decoded as header blocks, then each decodes or fails with a compression error, never another error', () => {
    const random = seeded(7);
    const shared = new HpackDecoder();
    const unexpected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const block = randomBytes(random, Math.floor(random() * 30));
      try {
        (random() < 0.5 ? shared : new HpackDecoder()).decode(block);
      } catch (error) {
        if (!(error instanceof HpackError)) unexpected.push(`${block.toString('hex')}: ${(error as Error).stack}`);
      }
    }
    expect(unexpected).to.deep.equal([]);
  });
});

describe('gateway HTTP/2: the connection', () => {
  let listener: NetServer;
  let server: GrpcServer;
  let port: number;

  before(async () => {
    const service = loadGatewayService() as unknown as Record<string, MethodDefinition>;
    // ActivateJobs never answers here: its calls stay open until the client resets them.
    server = new GrpcServer(
      service,
      { ActivateJobs: { streaming: () => undefined }, Topology: { unary: async () => ({ brokers: [], clusterSize: 1 }) } },
      { maxReceiveMessageBytes: 1024, toCallError },
    );
    listener = createServer((socket) => server.connect(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });

  after(async () => {
    listener.close();
    await server.close(100);
  });

  it('when 300 connections send random frames after a valid start, then the server keeps serving calls', async () => {
    const random = seeded(11);
    const headers = encodeLiteralFields([
      [':method', 'POST'],
      [':path', '/gateway_protocol.Gateway/Topology'],
      ['content-type', 'application/grpc'],
    ]);
    for (let round = 0; round < 300; round++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.resume(); // read what comes back, so the server's end of the connection is seen
      const frames = [Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), frame(0x4, 0, 0, Buffer.alloc(0))];
      for (let i = 0; i < 8; i++) {
        const [type, flags, streamId] = [Math.floor(random() * 11), Math.floor(random() * 256), Math.floor(random() * 8)];
        // Some payloads start as a real header block, so the frames get past HPACK as often as not.
        const noise = randomBytes(random, Math.floor(random() * 40));
        const payload = random() < 0.3 ? Buffer.concat([headers.subarray(0, Math.floor(random() * headers.length)), noise.subarray(0, 3)]) : noise;
        frames.push(frame(type, flags, streamId, payload));
      }
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.end(Buffer.concat(frames));
      await closed;
    }
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const status = await new Promise<string | undefined>((resolve, reject) => {
      const request = session.request({ ':method': 'POST', ':path': '/gateway_protocol.Gateway/Topology', 'content-type': 'application/grpc', te: 'trailers' });
      request.on('trailers', (trailers) => resolve(trailers['grpc-status'] as string | undefined));
      request.on('error', reject);
      request.on('data', () => undefined);
      request.end(Buffer.from([0, 0, 0, 0, 0]));
    });
    session.close();
    expect(status).to.equal('0');
  });

  it('when the client sends a PING, then the server answers it with the same payload', async () => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    await new Promise((resolve) => session.once('connect', resolve));
    const payload = Buffer.from('gateway!');
    const echoed = await new Promise<Buffer>((resolve, reject) => session.ping(payload, (error, _ms, answer) => (error ? reject(error) : resolve(answer))));
    session.close();
    expect(echoed.toString()).to.equal('gateway!');
  });

  it('when a connection does not start with the HTTP/2 preface (an HTTP/1.1 request), then the server closes it', async () => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write('GET / HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    // What came back is HTTP/2 frames ending in GOAWAY PROTOCOL_ERROR, never an HTTP/1.1 answer.
    expect(Buffer.concat(received).toString('latin1')).to.not.contain('HTTP/1.1');
  });

  it('when a client resets more open streams than the rapid-reset limit allows (1,000 at once), then the server ends the connection with ENHANCE_YOUR_CALM', async () => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', () => undefined);
    const goaway = new Promise<number>((resolve) => session.on('goaway', (code) => resolve(code)));
    const body = Buffer.from([0, 0, 0, 0, 0]);
    for (let i = 0; i < 1100 && !session.closed; i++) {
      const request = session.request({ ':method': 'POST', ':path': '/gateway_protocol.Gateway/ActivateJobs', 'content-type': 'application/grpc', te: 'trailers' });
      request.on('error', () => undefined);
      request.end(body);
      // Reset after the request is sent, so the server has opened the stream: an open stream's reset is what
      // the limit counts.
      setImmediate(() => request.close(http2.constants.NGHTTP2_CANCEL));
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await goaway).to.equal(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
    session.destroy();
  });
});
