import type { Socket } from 'node:net';
import { HpackDecoder, HpackError, type HeaderList } from './hpack';

/**
 * The server side of one HTTP/2 connection (RFC 9113), as much as a gRPC server needs: requests on client
 * streams, responses as headers, data and trailers, flow control both ways, SETTINGS, PING and GOAWAY. No
 * server push and no priorities (PRIORITY frames are read and ignored, as the RFC allows).
 *
 * Why not Node's http2 server: it cost the gateway 43-46 µs of CPU per call on the development machine
 * (bench/http2-floor.ts), about a third of the engine's CPU per one-task instance, and nghttp2 ends a
 * connection whose client resets its finished streams (grpc-js before 1.10.4 does, for every call), where
 * RFC 9113 §5.1 says a reset of a closed stream is to be ignored. Here it is ignored; resets of open streams
 * are limited as nghttp2 limits them (CVE-2023-44487: a burst of 1,000, then 33 a second).
 */

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const FRAME_HEADER_BYTES = 9;

const DATA = 0x0;
const HEADERS = 0x1;
const PRIORITY = 0x2;
const RST_STREAM = 0x3;
const SETTINGS = 0x4;
const PUSH_PROMISE = 0x5;
const PING = 0x6;
const GOAWAY = 0x7;
const WINDOW_UPDATE = 0x8;
const CONTINUATION = 0x9;

const FLAG_END_STREAM = 0x1;
const FLAG_ACK = 0x1;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

const H2_ERROR = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  ENHANCE_YOUR_CALM: 0xb,
} as const;

const SETTINGS_ENABLE_PUSH = 0x2;
const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
const SETTINGS_MAX_FRAME_SIZE = 0x5;

const DEFAULT_WINDOW = 65_535;
const MAX_WINDOW = 2 ** 31 - 1;
/** The largest frame we accept: the protocol's default, which we do not raise. */
const MAX_FRAME_PAYLOAD = 16_384;
const MAX_FRAME_SIZE_ALLOWED = 2 ** 24 - 1;
/** Receive windows we give the client, per stream and for the connection (requests may carry 16 MB). */
const STREAM_RECEIVE_WINDOW = 1 << 20;
const CONNECTION_RECEIVE_WINDOW = 16 << 20;
/** A request's header block, CONTINUATION frames included (a gRPC client sends a few hundred bytes). */
const MAX_HEADER_BLOCK_BYTES = 64 * 1024;
const HEADER_TABLE_SIZE = 4096;
/** Resets of open streams a client may send: a burst, then so many a second (as nghttp2 allows). */
const RESET_BURST = 1000;
const RESETS_PER_SECOND = 33;

class ConnectionError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the client may still send, on a stream or the connection; given back once half of it is used. */
class ReceiveWindow {
  private left: number;
  private used = 0;

  constructor(private readonly size: number) {
    this.left = size;
  }

  /** Counts bytes received; false when they went past the window. */
  take(bytes: number): boolean {
    this.left -= bytes;
    return this.left >= 0;
  }

  /** Counts bytes as consumed; the increment for a WINDOW_UPDATE once half the window is, else 0. */
  giveBack(bytes: number): number {
    this.used += bytes;
    if (this.used < this.size / 2) return 0;
    const increment = this.used;
    this.left += increment;
    this.used = 0;
    return increment;
  }
}

/** One request stream as the server sees it. */
export class ServerStream {
  /** Called with each piece of the request body. */
  onData?: (chunk: Buffer) => void;
  /** Called when the client has sent its whole request. */
  onEnd?: () => void;
  closed = false;
  remoteEnded = false;
  localEnded = false;
  readonly receiveWindow = new ReceiveWindow(STREAM_RECEIVE_WINDOW);
  sendWindow: number;
  /** Data and the closing trailers waiting for flow-control window, in order. */
  readonly queued: Array<Buffer | { trailers: Buffer }> = [];
  readonly closeListeners: Array<() => void> = [];

  constructor(
    readonly id: number,
    readonly headers: Record<string, string>,
    private readonly connection: Http2Connection,
    initialSendWindow: number,
  ) {
    this.sendWindow = initialSendWindow;
  }

  /** Called once when the stream is gone: answered and ended by both sides, reset by the client, or cut. */
  onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Sends the response headers (a complete HPACK block); with endStream they are the whole response. */
  respond(headerBlock: Buffer, endStream = false): void {
    if (this.closed || this.localEnded) return;
    this.connection.sendHeaders(this, headerBlock, endStream);
  }

  /** Queues response body bytes; they go out as the client's flow-control window allows. */
  write(data: Buffer): void {
    if (this.closed || this.localEnded) return;
    this.queued.push(data);
    this.connection.pump(this);
  }

  /** Ends the response with trailers, after the body written so far. */
  end(trailerBlock: Buffer): void {
    if (this.closed || this.localEnded) return;
    this.queued.push({ trailers: trailerBlock });
    this.connection.pump(this);
  }
}

export interface Http2ConnectionOptions {
  onStream(stream: ServerStream): void;
}

/** Serves HTTP/2 on one accepted TCP connection. */
export class Http2Connection {
  private readonly decoder = new HpackDecoder(HEADER_TABLE_SIZE);
  private readonly streams = new Map<number, ServerStream>();
  /** Streams with data queued and no window to send it. */
  private readonly blocked = new Set<ServerStream>();
  private pending: Buffer | undefined;
  private prefaceLeft = PREFACE.length;
  private settingsSeen = false;
  private lastStreamId = 0;
  private goingAway = false;
  private closedConnection = false;
  private connectionSendWindow = DEFAULT_WINDOW;
  private readonly connectionReceiveWindow = new ReceiveWindow(CONNECTION_RECEIVE_WINDOW);
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = MAX_FRAME_PAYLOAD;
  /** A header block continued over CONTINUATION frames. */
  private continuing: { streamId: number; endStream: boolean; parts: Buffer[]; bytes: number } | undefined;
  private resetTokens = RESET_BURST;
  private resetTokensAt = performance.now();
  private readonly out: Buffer[] = [];
  private flushQueued = false;
  private readonly closeWaiters: Array<() => void> = [];

  constructor(
    private readonly socket: Socket,
    private readonly options: Http2ConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', () => undefined); // followed by 'close'
    socket.on('close', () => this.socketClosed());
    this.sendFrame(SETTINGS, 0, 0, settingsPayload([[SETTINGS_ENABLE_PUSH, 0], [SETTINGS_INITIAL_WINDOW_SIZE, STREAM_RECEIVE_WINDOW]]));
    this.sendFrame(WINDOW_UPDATE, 0, 0, uint32(CONNECTION_RECEIVE_WINDOW - DEFAULT_WINDOW));
  }

  /** Stops taking new streams (GOAWAY), lets the open ones finish, then closes; resolves when closed. */
  close(): Promise<void> {
    if (!this.closedConnection && !this.goingAway) {
      this.goingAway = true;
      this.sendFrame(GOAWAY, 0, 0, goawayPayload(this.lastStreamId, H2_ERROR.NO_ERROR, ''));
      this.endIfIdle();
    }
    return this.whenClosed();
  }

  /** Cuts the connection at once; open streams are reported closed. */
  destroy(): void {
    this.socket.destroy();
  }

  whenClosed(): Promise<void> {
    if (this.closedConnection) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  // ---- sending ----

  sendHeaders(stream: ServerStream, block: Buffer, endStream: boolean): void {
    // A header block larger than one frame continues in CONTINUATION frames.
    let offset = 0;
    let first = true;
    do {
      const piece = block.subarray(offset, offset + this.peerMaxFrame);
      offset += piece.length;
      const last = offset >= block.length;
      const flags = (last ? FLAG_END_HEADERS : 0) | (first && endStream ? FLAG_END_STREAM : 0);
      this.sendFrame(first ? HEADERS : CONTINUATION, flags, stream.id, piece);
      first = false;
    } while (offset < block.length);
    if (endStream) this.endedLocally(stream);
  }

  /** Sends what the windows allow of a stream's queue; the rest waits for WINDOW_UPDATE. */
  pump(stream: ServerStream): void {
    while (stream.queued.length > 0 && !stream.closed) {
      const next = stream.queued[0];
      if (!Buffer.isBuffer(next)) {
        stream.queued.shift();
        this.sendHeaders(stream, next.trailers, true);
        return;
      }
      if (next.length === 0) {
        stream.queued.shift();
        continue;
      }
      const allowed = Math.min(this.connectionSendWindow, stream.sendWindow, this.peerMaxFrame);
      if (allowed <= 0) {
        this.blocked.add(stream);
        return;
      }
      const size = Math.min(allowed, next.length);
      this.sendFrame(DATA, 0, stream.id, next.subarray(0, size));
      this.connectionSendWindow -= size;
      stream.sendWindow -= size;
      if (size === next.length) stream.queued.shift();
      else stream.queued[0] = next.subarray(size);
    }
    this.blocked.delete(stream);
  }

  private endedLocally(stream: ServerStream): void {
    stream.localEnded = true;
    if (stream.remoteEnded) return this.closeStream(stream);
    // The answer is complete before the request: tell the client to stop sending (RFC 9113 §8.1).
    this.sendFrame(RST_STREAM, 0, stream.id, uint32(H2_ERROR.NO_ERROR));
    this.closeStream(stream);
  }

  private closeStream(stream: ServerStream): void {
    if (stream.closed) return;
    stream.closed = true;
    stream.queued.length = 0;
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    for (const listener of stream.closeListeners) listener();
    this.endIfIdle();
  }

  private sendFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (this.closedConnection) return;
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    header.writeUIntBE(payload.length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(streamId, 5);
    this.out.push(header);
    if (payload.length > 0) this.out.push(payload);
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Everything answered in one turn of the event loop leaves in one write.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.out.length === 0 || this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.write(this.out.length === 1 ? this.out[0] : Buffer.concat(this.out));
    this.out.length = 0;
  }

  private endIfIdle(): void {
    if (!this.goingAway || this.streams.size > 0 || this.closedConnection) return;
    this.flush();
    this.socket.end();
  }

  // ---- receiving ----

  private received(chunk: Buffer): void {
    if (this.closedConnection) return;
    let bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    try {
      if (this.prefaceLeft > 0) {
        const n = Math.min(this.prefaceLeft, bytes.length);
        const expected = PREFACE.subarray(PREFACE.length - this.prefaceLeft, PREFACE.length - this.prefaceLeft + n);
        if (!bytes.subarray(0, n).equals(expected)) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'the connection does not start with the HTTP/2 client preface');
        this.prefaceLeft -= n;
        at = n;
      }
      while (bytes.length - at >= FRAME_HEADER_BYTES) {
        const length = bytes.readUIntBE(at, 3);
        if (length > MAX_FRAME_PAYLOAD) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, `a frame of ${length} bytes is larger than the ${MAX_FRAME_PAYLOAD} allowed`);
        if (bytes.length - at < FRAME_HEADER_BYTES + length) break;
        const type = bytes[at + 3];
        const flags = bytes[at + 4];
        const streamId = bytes.readUInt32BE(at + 5) & 0x7fffffff;
        const payload = bytes.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
        at += FRAME_HEADER_BYTES + length;
        this.frame(type, flags, streamId, payload);
        if (this.closedConnection) return;
      }
    } catch (error) {
      if (error instanceof ConnectionError) return this.fail(error.code, error.message);
      if (error instanceof HpackError) return this.fail(H2_ERROR.COMPRESSION_ERROR, error.message);
      throw error;
    }
    // The rest of a frame that has not fully arrived; copied, so the socket's chunk is not held.
    if (at < bytes.length) this.pending = Buffer.from(bytes.subarray(at));
  }

  private frame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (!this.settingsSeen && type !== SETTINGS) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'the client did not start with SETTINGS');
    if (this.continuing && type !== CONTINUATION) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'a header block was interrupted by another frame');
    switch (type) {
      case DATA:
        return this.data(flags, streamId, payload);
      case HEADERS:
        return this.headers(flags, streamId, payload);
      case CONTINUATION:
        return this.continuation(flags, streamId, payload);
      case RST_STREAM:
        return this.rstStream(streamId, payload);
      case SETTINGS:
        return this.settings(flags, streamId, payload);
      case PING:
        if (streamId !== 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'PING on a stream');
        if (payload.length !== 8) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'PING of other than 8 bytes');
        if (!(flags & FLAG_ACK)) this.sendFrame(PING, FLAG_ACK, 0, Buffer.from(payload));
        return;
      case GOAWAY:
        this.goingAway = true;
        return this.endIfIdle();
      case WINDOW_UPDATE:
        return this.windowUpdate(streamId, payload);
      case PRIORITY:
        if (streamId === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'PRIORITY on stream 0');
        return;
      case PUSH_PROMISE:
        throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'a client sent PUSH_PROMISE');
      default:
        return; // unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  private data(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'DATA on stream 0');
    if (!this.connectionReceiveWindow.take(payload.length)) throw new ConnectionError(H2_ERROR.FLOW_CONTROL_ERROR, 'the client sent more data than the connection window');
    this.giveBack(this.connectionReceiveWindow, 0, payload.length);
    const stream = this.streams.get(streamId);
    if (!stream) {
      if (streamId > this.lastStreamId) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, `DATA on stream ${streamId}, which was never opened`);
      return; // a stream closed meanwhile (answered, or reset by either side)
    }
    if (stream.remoteEnded) return this.resetStream(stream, H2_ERROR.STREAM_CLOSED);
    if (!stream.receiveWindow.take(payload.length)) return this.resetStream(stream, H2_ERROR.FLOW_CONTROL_ERROR);
    const body = flags & FLAG_PADDED ? unpadded(payload) : payload;
    if (body.length > 0) stream.onData?.(body);
    if (flags & FLAG_END_STREAM) return this.endedRemotely(stream);
    this.giveBack(stream.receiveWindow, streamId, payload.length);
  }

  /** Data consumed on a stream (or the connection, 0): a WINDOW_UPDATE once half its window is used. */
  private giveBack(window: ReceiveWindow, streamId: number, bytes: number): void {
    const increment = window.giveBack(bytes);
    if (increment > 0) this.sendFrame(WINDOW_UPDATE, 0, streamId, uint32(increment));
  }

  private headers(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'HEADERS on stream 0');
    let fragment = flags & FLAG_PADDED ? unpadded(payload) : payload;
    if (flags & FLAG_PRIORITY) {
      if (fragment.length < 5) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'HEADERS too short for its priority fields');
      fragment = fragment.subarray(5);
    }
    const endStream = (flags & FLAG_END_STREAM) !== 0;
    if (flags & FLAG_END_HEADERS) return this.headerBlock(streamId, endStream, fragment);
    this.continuing = { streamId, endStream, parts: [Buffer.from(fragment)], bytes: fragment.length };
  }

  private continuation(flags: number, streamId: number, payload: Buffer): void {
    const block = this.continuing;
    if (!block || block.streamId !== streamId) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'CONTINUATION without a header block to continue');
    block.bytes += payload.length;
    if (block.bytes > MAX_HEADER_BLOCK_BYTES) throw new ConnectionError(H2_ERROR.ENHANCE_YOUR_CALM, `a header block is larger than ${MAX_HEADER_BLOCK_BYTES} bytes`);
    block.parts.push(Buffer.from(payload));
    if (!(flags & FLAG_END_HEADERS)) return;
    this.continuing = undefined;
    this.headerBlock(streamId, block.endStream, Buffer.concat(block.parts));
  }

  private headerBlock(streamId: number, endStream: boolean, block: Buffer): void {
    // Decoded even when the stream is refused: the client's encoder has added its entries to the table.
    const fields = this.decoder.decode(block);
    const existing = this.streams.get(streamId);
    if (existing) {
      // Trailers of a request: gRPC clients send none, but they may; they end the request.
      if (!endStream) return this.resetStream(existing, H2_ERROR.PROTOCOL_ERROR);
      return this.endedRemotely(existing);
    }
    if (streamId % 2 === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, `a client opened the even-numbered stream ${streamId}`);
    if (streamId <= this.lastStreamId) return; // headers for a stream that is closed already
    this.lastStreamId = streamId;
    if (this.goingAway) {
      this.sendFrame(RST_STREAM, 0, streamId, uint32(H2_ERROR.REFUSED_STREAM));
      return;
    }
    const stream = new ServerStream(streamId, headerObject(fields), this, this.peerInitialWindow);
    this.streams.set(streamId, stream);
    this.options.onStream(stream);
    if (endStream) this.endedRemotely(stream);
  }

  private endedRemotely(stream: ServerStream): void {
    stream.remoteEnded = true;
    stream.onEnd?.();
    if (stream.localEnded) this.closeStream(stream);
  }

  private rstStream(streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'RST_STREAM on stream 0');
    if (payload.length !== 4) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'RST_STREAM of other than 4 bytes');
    const stream = this.streams.get(streamId);
    if (!stream) {
      if (streamId > this.lastStreamId) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, `RST_STREAM on stream ${streamId}, which was never opened`);
      return; // the stream is closed: ignored (RFC 9113 §5.1), however many of these come
    }
    this.takeResetToken();
    this.closeStream(stream);
  }

  /** A client that resets open streams faster than the limit is cut off (a rapid-reset attack makes work). */
  private takeResetToken(): void {
    const now = performance.now();
    this.resetTokens = Math.min(RESET_BURST, this.resetTokens + ((now - this.resetTokensAt) / 1000) * RESETS_PER_SECOND);
    this.resetTokensAt = now;
    if (this.resetTokens < 1) throw new ConnectionError(H2_ERROR.ENHANCE_YOUR_CALM, 'too many streams reset');
    this.resetTokens -= 1;
  }

  private settings(flags: number, streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'SETTINGS on a stream');
    if (flags & FLAG_ACK) {
      if (payload.length !== 0) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'a SETTINGS acknowledgement with a payload');
      return;
    }
    if (payload.length % 6 !== 0) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'SETTINGS of a length that is not a multiple of 6');
    this.settingsSeen = true;
    for (let i = 0; i < payload.length; i += 6) {
      const id = payload.readUInt16BE(i);
      const value = payload.readUInt32BE(i + 2);
      if (id === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) throw new ConnectionError(H2_ERROR.FLOW_CONTROL_ERROR, 'SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1');
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) stream.sendWindow += delta;
      } else if (id === SETTINGS_MAX_FRAME_SIZE) {
        if (value < MAX_FRAME_PAYLOAD || value > MAX_FRAME_SIZE_ALLOWED) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value} out of range`);
        this.peerMaxFrame = value;
      } else if (id === SETTINGS_ENABLE_PUSH && value > 1) {
        throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'SETTINGS_ENABLE_PUSH other than 0 or 1');
      }
      // SETTINGS_HEADER_TABLE_SIZE needs nothing: our responses never use the client's decoder table (see
      // encodeLiteralFields). The others concern what we do not do (push) or do not limit.
    }
    this.sendFrame(SETTINGS, FLAG_ACK, 0, Buffer.alloc(0));
    this.pumpBlocked();
  }

  private windowUpdate(streamId: number, payload: Buffer): void {
    if (payload.length !== 4) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'WINDOW_UPDATE of other than 4 bytes');
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0 for the connection');
      this.connectionSendWindow += increment;
      if (this.connectionSendWindow > MAX_WINDOW) throw new ConnectionError(H2_ERROR.FLOW_CONTROL_ERROR, 'the connection window grew beyond 2^31-1');
      this.pumpBlocked();
      return;
    }
    const stream = this.streams.get(streamId);
    if (!stream) return;
    if (increment === 0) return this.resetStream(stream, H2_ERROR.PROTOCOL_ERROR);
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) return this.resetStream(stream, H2_ERROR.FLOW_CONTROL_ERROR);
    this.pump(stream);
  }

  /** After a window grew: the streams that were waiting for it send what they can. */
  private pumpBlocked(): void {
    for (const stream of [...this.blocked]) this.pump(stream);
  }

  private resetStream(stream: ServerStream, code: number): void {
    this.sendFrame(RST_STREAM, 0, stream.id, uint32(code));
    this.closeStream(stream);
  }

  /** A connection error: GOAWAY with the reason, then the connection ends; open streams are closed. */
  private fail(code: number, message: string): void {
    this.goingAway = true;
    this.sendFrame(GOAWAY, 0, 0, goawayPayload(this.lastStreamId, code, message));
    this.flush();
    this.socket.end();
    this.socketClosed();
  }

  private socketClosed(): void {
    if (this.closedConnection) return;
    this.closedConnection = true;
    this.out.length = 0;
    for (const stream of [...this.streams.values()]) this.closeStream(stream);
    for (const resolve of this.closeWaiters.splice(0)) resolve();
  }
}

function headerObject(fields: HeaderList): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of fields) headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  return headers;
}

function unpadded(payload: Buffer): Buffer {
  if (payload.length < 1) throw new ConnectionError(H2_ERROR.FRAME_SIZE_ERROR, 'a padded frame without its pad length');
  const padding = payload[0];
  if (padding >= payload.length) throw new ConnectionError(H2_ERROR.PROTOCOL_ERROR, 'a frame padded beyond its own length');
  return payload.subarray(1, payload.length - padding);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(value, 0);
  return bytes;
}

function settingsPayload(settings: Array<[number, number]>): Buffer {
  const bytes = Buffer.allocUnsafe(settings.length * 6);
  settings.forEach(([id, value], i) => {
    bytes.writeUInt16BE(id, i * 6);
    bytes.writeUInt32BE(value, i * 6 + 2);
  });
  return bytes;
}

function goawayPayload(lastStreamId: number, code: number, message: string): Buffer {
  return Buffer.concat([uint32(lastStreamId), uint32(code), Buffer.from(message, 'utf8')]);
}
