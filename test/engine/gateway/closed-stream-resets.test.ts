import { expect } from 'chai';
import {
  CLIENT_PREFACE_LENGTH,
  FLAG_END_STREAM,
  FRAME_DATA,
  FRAME_HEADERS,
  FRAME_RST_STREAM,
  FrameScanner,
  StreamEnds,
} from '../../../src/engine/gateway/closed-stream-resets';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const FRAME_WINDOW_UPDATE = 0x8;

function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

const reset = (streamId: number) => frame(FRAME_RST_STREAM, 0, streamId, Buffer.from([0, 0, 0, 0]));
const request = (streamId: number) => frame(FRAME_HEADERS, FLAG_END_STREAM | 0x4, streamId, Buffer.from('request-headers'));
const response = (streamId: number) => frame(FRAME_DATA, 0, streamId, Buffer.from('a gRPC message'));
const trailers = (streamId: number) => frame(FRAME_HEADERS, FLAG_END_STREAM | 0x4, streamId, Buffer.from('grpc-status: 0'));

/** One connection: what the server writes is observed, what the client sends comes back filtered. */
function connection() {
  const streams = new StreamEnds();
  const fromClient = new FrameScanner(CLIENT_PREFACE_LENGTH, (type, flags, id) => streams.fromClient(type, flags, id));
  const fromServer = new FrameScanner(0, (type, flags, id) => {
    streams.fromServer(type, flags, id);
    return true;
  });
  return {
    streams,
    server: (...frames: Buffer[]) => void fromServer.scan(Buffer.concat(frames)),
    /** Sends the client's bytes in chunks cut at the given offsets; returns what the server gets. */
    client: (bytes: Buffer, cuts: number[] = []) => {
      const kept: Buffer[] = [];
      let from = 0;
      for (const to of [...cuts, bytes.length]) {
        kept.push(fromClient.scan(bytes.subarray(from, to)));
        from = to;
      }
      return Buffer.concat(kept);
    },
  };
}

describe('gateway: resets of closed streams (rapid-reset limit and grpc-js < 1.10.4)', () => {
  it('when a client resets a stream after the server sent its trailers, then the reset never reaches the HTTP/2 server', () => {
    const c = connection();
    expect(c.client(Buffer.concat([PREFACE, request(1)]))).to.deep.equal(Buffer.concat([PREFACE, request(1)]));
    c.server(response(1), trailers(1));

    expect(c.client(reset(1))).to.have.length(0);
    expect(c.streams.closedCount).to.equal(0);
  });

  it('when a client resets a stream the server has not ended (a cancelled long poll), then the reset is passed on', () => {
    const c = connection();
    c.client(Buffer.concat([PREFACE, request(1)]));
    c.server(response(1));

    expect(c.client(reset(1))).to.deep.equal(reset(1));
  });

  it('when a client resets a stream it has not ended itself, then the reset is passed on even after the server ended it', () => {
    const c = connection();
    const openRequest = frame(FRAME_HEADERS, 0x4, 1, Buffer.from('request-headers'));
    c.client(Buffer.concat([PREFACE, openRequest]));
    c.server(trailers(1));

    expect(c.client(reset(1))).to.deep.equal(reset(1));
  });

  it('when the server reset a stream and the client resets it too, then the client reset is dropped', () => {
    const c = connection();
    c.client(Buffer.concat([PREFACE, request(3)]));
    c.server(reset(3));

    expect(c.client(reset(3))).to.have.length(0);
  });

  it('when the bytes arrive cut at any offset, then only the redundant resets are cut out and every other byte is kept in order', () => {
    const setup = Buffer.concat([PREFACE, request(1), request(3), request(5)]);
    const later = Buffer.concat([
      reset(1), // closed: dropped
      frame(FRAME_WINDOW_UPDATE, 0, 0, Buffer.from([0, 0, 1, 0])),
      reset(3), // still open on the server: kept
      frame(FRAME_DATA, FLAG_END_STREAM, 7, Buffer.from('x')),
      reset(5), // closed: dropped
    ]);
    const expected = Buffer.concat([frame(FRAME_WINDOW_UPDATE, 0, 0, Buffer.from([0, 0, 1, 0])), reset(3), frame(FRAME_DATA, FLAG_END_STREAM, 7, Buffer.from('x'))]);
    for (let cutA = 0; cutA <= later.length; cutA += 1) {
      for (const cutB of [cutA, Math.min(later.length, cutA + 1), Math.min(later.length, cutA + 5)]) {
        const c = connection();
        c.client(setup, [3, 30]);
        c.server(trailers(1), response(3), trailers(5));

        expect(c.client(later, [cutA, cutB]), `cut at ${cutA} and ${cutB}`).to.deep.equal(expected);
      }
    }
  });

  it('when many streams end without a reset (a current client), then the connection remembers only a bounded number of them', () => {
    const c = connection();
    c.client(PREFACE);
    for (let id = 1; id < 20_000; id += 2) {
      c.client(request(id));
      c.server(trailers(id));
    }

    expect(c.streams.closedCount).to.be.at.most(4096);
    expect(c.streams.halfEndedCount).to.equal(0);
  });

  it('when more streams closed than are remembered, then the oldest are forgotten first (their late resets pass) and the newest are still dropped', () => {
    const c = connection();
    c.client(PREFACE);
    const ids: number[] = [];
    for (let id = 1; ids.length < 4096 + 10; id += 2) {
      ids.push(id);
      c.client(request(id));
      c.server(trailers(id));
    }

    expect(c.streams.closedCount).to.equal(4096);
    expect(c.client(reset(ids[0]))).to.deep.equal(reset(ids[0]));
    expect(c.client(reset(ids[9]))).to.deep.equal(reset(ids[9]));
    expect(c.client(reset(ids[10]))).to.have.length(0);
    expect(c.client(reset(ids[ids.length - 1]))).to.have.length(0);
  });
});
