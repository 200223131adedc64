// What one gRPC-shaped call costs the server's process in HTTP/2 alone, with no gRPC and no engine behind it:
// Node's http2 server (what the gateway ran on before), the gateway's own HTTP/2 layer (src/engine/gateway/
// http2), and a bare framing loop that only reads frame headers and answers with prepared frames (no HPACK
// decoding, no flow control: a lower bound, not a server). Each is driven by a node:http2 client in a child
// process with IN_FLIGHT calls on one connection; rounds alternate the three; medians at the end.
//
//   npx tsx bench/http2-floor.ts        HTTP2_FLOOR_ROUNDS=3 HTTP2_FLOOR_SECONDS=6 HTTP2_FLOOR_IN_FLIGHT=128
import { fork } from 'node:child_process';
import http2 from 'node:http2';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import { Http2Connection } from '../src/engine/gateway/http2/connection';
import { encodeLiteralFields } from '../src/engine/gateway/http2/hpack';

const ROUNDS = Number(process.env.HTTP2_FLOOR_ROUNDS ?? 3);
const SECONDS = Number(process.env.HTTP2_FLOOR_SECONDS ?? 6);
const IN_FLIGHT = Number(process.env.HTTP2_FLOOR_IN_FLIGHT ?? 128);
const WARM_UP_MS = 2000;

/** A 55-byte message with its gRPC prefix: about a Topology answer. */
const ANSWER = Buffer.concat([Buffer.from([0, 0, 0, 0, 55]), Buffer.alloc(55)]);

/** The answer's header blocks, as literals that touch no HPACK table. */
const RESPONSE_HEADERS = encodeLiteralFields([
  [':status', '200'],
  ['content-type', 'application/grpc'],
]);
const TRAILERS = encodeLiteralFields([
  ['grpc-status', '0'],
  ['grpc-message', 'OK'],
]);

type Serve = (socket: Socket) => void;

function nodeHttp2(): Serve {
  const server = http2.createServer({ maxSessionMemory: Number.MAX_SAFE_INTEGER });
  server.on('stream', (stream) => {
    stream.on('error', () => undefined);
    stream.on('data', () => undefined);
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'OK' }));
      stream.end(ANSWER);
    });
  });
  return (socket) => server.emit('connection', socket);
}

function gatewayHttp2(): Serve {
  return (socket) =>
    new Http2Connection(socket, {
      onStream: (stream) => {
        stream.onEnd = () => {
          stream.respond(RESPONSE_HEADERS);
          stream.write(ANSWER);
          stream.end(TRAILERS);
        };
      },
    });
}

const FRAME_DATA = 0x0;
const FRAME_HEADERS = 0x1;
const FRAME_SETTINGS = 0x4;
const FRAME_PING = 0x6;
const FRAME_WINDOW_UPDATE = 0x8;
const FLAG_END_STREAM = 0x1;
const FLAG_ACK = 0x1;
const FLAG_END_HEADERS = 0x4;
const CLIENT_PREFACE_LENGTH = 24;

function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const bytes = Buffer.allocUnsafe(9 + payload.length);
  bytes.writeUIntBE(payload.length, 0, 3);
  bytes[3] = type;
  bytes[4] = flags;
  bytes.writeUInt32BE(streamId, 5);
  payload.copy(bytes, 9);
  return bytes;
}

/** Reads frame headers, acknowledges SETTINGS and PING, answers each request once its body has ended. */
function framingLoop(): Serve {
  return (socket) => {
    let pending = Buffer.alloc(0);
    let prefaceLeft = CLIENT_PREFACE_LENGTH;
    let received = 0;
    const out: Buffer[] = [];
    let flushQueued = false;
    const send = (bytes: Buffer) => {
      out.push(bytes);
      if (flushQueued) return;
      flushQueued = true;
      setImmediate(() => {
        flushQueued = false;
        socket.cork();
        for (const piece of out) socket.write(piece);
        socket.uncork();
        out.length = 0;
      });
    };
    socket.on('error', () => undefined);
    send(frame(FRAME_SETTINGS, 0, 0, Buffer.alloc(0)));
    socket.on('data', (chunk: Buffer) => {
      let bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let at = Math.min(prefaceLeft, bytes.length);
      prefaceLeft -= at;
      while (bytes.length - at >= 9) {
        const length = bytes.readUIntBE(at, 3);
        if (bytes.length - at < 9 + length) break;
        const type = bytes[at + 3];
        const flags = bytes[at + 4];
        const streamId = bytes.readUInt32BE(at + 5) & 0x7fffffff;
        if (type === FRAME_SETTINGS && !(flags & FLAG_ACK)) send(frame(FRAME_SETTINGS, FLAG_ACK, 0, Buffer.alloc(0)));
        else if (type === FRAME_PING && !(flags & FLAG_ACK)) send(frame(FRAME_PING, FLAG_ACK, 0, bytes.subarray(at + 9, at + 17)));
        else if (type === FRAME_DATA) {
          received += length;
          if (flags & FLAG_END_STREAM) {
            send(frame(FRAME_HEADERS, FLAG_END_HEADERS, streamId, RESPONSE_HEADERS));
            send(frame(FRAME_DATA, 0, streamId, ANSWER));
            send(frame(FRAME_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, streamId, TRAILERS));
          }
        }
        at += 9 + length;
      }
      // Give the client back the connection window its request bodies used.
      if (received > 16384) {
        const increment = Buffer.alloc(4);
        increment.writeUInt32BE(received);
        send(frame(FRAME_WINDOW_UPDATE, 0, 0, increment));
        received = 0;
      }
      bytes = bytes.subarray(at);
      pending = bytes.length > 0 ? Buffer.from(bytes) : Buffer.alloc(0);
    });
  };
}

async function measure(serve: Serve): Promise<{ callsPerSecond: number; microsPerCall: number }> {
  const listener = net.createServer({ noDelay: true }, serve);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const client = fork(path.join(__dirname, 'http2-floor-client.cjs'), [String(port), String(IN_FLIGHT)]);
  const answered = () => new Promise<number>((resolve) => (client.once('message', (n) => resolve(Number(n))), client.send('count')));
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const before = await answered();
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const calls = (await answered()) - before;
  const cpu = process.cpuUsage(cpuBefore);
  client.kill();
  listener.close();
  return { callsPerSecond: calls / SECONDS, microsPerCall: (cpu.user + cpu.system) / calls };
}

async function main(): Promise<void> {
  const kinds: Array<[string, () => Serve]> = [
    ['node:http2', nodeHttp2],
    ["the gateway's HTTP/2", gatewayHttp2],
    ['framing loop (lower bound)', framingLoop],
  ];
  console.log(`http2-floor: ${ROUNDS} rounds of ${SECONDS} s each (after ${WARM_UP_MS / 1000} s warm-up), ${IN_FLIGHT} calls in flight on one connection`);
  const figures = new Map<string, number[]>(kinds.map(([name]) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, make] of kinds) {
      const { callsPerSecond, microsPerCall } = await measure(make());
      figures.get(name)!.push(microsPerCall);
      console.log(`  round ${round}: ${name}: ${callsPerSecond.toFixed(0)} calls/s, ${microsPerCall.toFixed(1)} µs of server CPU per call`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const baseline = median(figures.get(kinds[0][0])!);
  for (const [name, values] of figures) {
    console.log(`${name}: median ${median(values).toFixed(1)} µs per call (${(median(values) / baseline).toFixed(2)} × node:http2)`);
  }
  process.exit(0);
}

void main();
