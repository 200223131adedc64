/**
 * Why this exists: grpc-js clients before 1.10.4 (zeebe-node 8.3.2 pins 1.9.7) answer the end of every call
 * with an RST_STREAM, sent while they process the trailers, for a stream that is already closed on the server.
 * RFC 9113 §5.1 says such a frame on a closed stream is to be ignored. Node's nghttp2, though, counts every
 * RST_STREAM it receives against its rapid-reset limit (CVE-2023-44487: a burst of 1,000, then 33 a second,
 * per connection) and, past it, ends the connection with GOAWAY INTERNAL_ERROR, failing every call in flight
 * ("13 INTERNAL: Received RST_STREAM with code 2 ... Session closed"). Node 20's http2 server does not let us
 * raise that limit (`streamResetBurst` / `streamResetRate` came later), so the gateway drops those resets
 * before nghttp2 reads them. A reset of a stream that is still open on the server is passed on, so the
 * rapid-reset protection keeps working for the streams it is meant for.
 */

/** "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n": the client's connection preface, before its first frame. */
export const CLIENT_PREFACE_LENGTH = 24;
const FRAME_HEADER_LENGTH = 9;

export const FRAME_DATA = 0x0;
export const FRAME_HEADERS = 0x1;
export const FRAME_RST_STREAM = 0x3;
export const FLAG_END_STREAM = 0x1;

/** Closed streams remembered per connection; a redundant reset follows its stream's end within milliseconds. */
const REMEMBERED_CLOSED_STREAMS = 4096;

const CLIENT_ENDED = 1;
const SERVER_ENDED = 2;

/** Which streams of one connection have ended in which direction, as seen from the frames on the wire. */
export class StreamEnds {
  private readonly halfEnded = new Map<number, number>();
  private readonly closed = new Set<number>();
  /**
   * The remembered closed streams in the order they closed, as a ring: the oldest is forgotten by its id.
   * Taking the Set's first entry instead (values().next()) walks over the slots of the entries deleted before
   * it, since a client that never resets leaves the Set full: profiling showed it among the gateway's costliest
   * functions.
   */
  private readonly closedOrder: number[] = new Array(REMEMBERED_CLOSED_STREAMS).fill(0);
  private nextSlot = 0;

  /** A frame from the client; returns false when it is a reset of a stream the server has closed (drop it). */
  fromClient(type: number, flags: number, streamId: number): boolean {
    if (streamId === 0) return true;
    if (type === FRAME_RST_STREAM) {
      this.halfEnded.delete(streamId);
      return !this.closed.delete(streamId);
    }
    if ((type === FRAME_DATA || type === FRAME_HEADERS) && flags & FLAG_END_STREAM) this.ended(streamId, CLIENT_ENDED);
    return true;
  }

  /** A frame from the server (only observed). */
  fromServer(type: number, flags: number, streamId: number): void {
    if (streamId === 0) return;
    if (type === FRAME_RST_STREAM) this.close(streamId);
    else if ((type === FRAME_DATA || type === FRAME_HEADERS) && flags & FLAG_END_STREAM) this.ended(streamId, SERVER_ENDED);
  }

  /** Streams the server has closed and whose client has not reset them (bounded). */
  get closedCount(): number {
    return this.closed.size;
  }

  /** Streams with one side ended, waiting for the other. */
  get halfEndedCount(): number {
    return this.halfEnded.size;
  }

  private ended(streamId: number, side: number): void {
    const sides = (this.halfEnded.get(streamId) ?? 0) | side;
    if (sides === (CLIENT_ENDED | SERVER_ENDED)) this.close(streamId);
    else this.halfEnded.set(streamId, sides);
  }

  private close(streamId: number): void {
    this.halfEnded.delete(streamId);
    if (this.closed.has(streamId)) return;
    // Stream id 0 is never remembered, so an empty slot forgets nothing.
    this.closed.delete(this.closedOrder[this.nextSlot]);
    this.closedOrder[this.nextSlot] = streamId;
    this.nextSlot = (this.nextSlot + 1) % REMEMBERED_CLOSED_STREAMS;
    this.closed.add(streamId);
  }
}

/**
 * Reads HTTP/2 frame headers out of bytes that arrive in chunks of any size and asks `onFrame` whether to
 * keep each frame; returns the bytes with the dropped frames cut out (the same buffer when nothing was cut).
 */
export class FrameScanner {
  private prefaceLeft: number;
  private readonly pendingHeader = Buffer.alloc(FRAME_HEADER_LENGTH);
  private pendingHeaderLength = 0;
  private payloadLeft = 0;
  private droppingPayload = false;

  constructor(
    prefaceLength: number,
    private readonly onFrame: (type: number, flags: number, streamId: number) => boolean,
  ) {
    this.prefaceLeft = prefaceLength;
  }

  scan(chunk: Buffer): Buffer {
    // No closure here: this runs for every chunk both ways, and a closure per call was a measurable cost.
    let pieces: Buffer[] | undefined;
    let keepFrom = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.prefaceLeft > 0) {
        const n = Math.min(this.prefaceLeft, chunk.length - i);
        this.prefaceLeft -= n;
        i += n;
      } else if (this.payloadLeft > 0) {
        const n = Math.min(this.payloadLeft, chunk.length - i);
        if (this.droppingPayload) pieces = keptUpTo(pieces, chunk, keepFrom, i);
        this.payloadLeft -= n;
        i += n;
        if (this.droppingPayload) keepFrom = i;
      } else if (this.pendingHeaderLength === 0 && chunk.length - i >= FRAME_HEADER_LENGTH) {
        const keep = this.frameHeader(chunk, i);
        if (!keep) pieces = keptUpTo(pieces, chunk, keepFrom, i);
        i += FRAME_HEADER_LENGTH;
        if (!keep) keepFrom = i;
      } else {
        // A frame header split over chunks: hold its bytes back until it is whole.
        pieces = keptUpTo(pieces, chunk, keepFrom, i);
        const n = Math.min(FRAME_HEADER_LENGTH - this.pendingHeaderLength, chunk.length - i);
        chunk.copy(this.pendingHeader, this.pendingHeaderLength, i, i + n);
        this.pendingHeaderLength += n;
        i += n;
        keepFrom = i;
        if (this.pendingHeaderLength === FRAME_HEADER_LENGTH) {
          this.pendingHeaderLength = 0;
          if (this.frameHeader(this.pendingHeader, 0)) pieces!.push(Buffer.from(this.pendingHeader));
        }
      }
    }
    if (!pieces) return chunk;
    if (keepFrom < chunk.length) pieces.push(chunk.subarray(keepFrom));
    return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  }

  private frameHeader(bytes: Buffer, at: number): boolean {
    const length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    const type = bytes[at + 3];
    const flags = bytes[at + 4];
    const streamId = bytes.readUInt32BE(at + 5) & 0x7fffffff;
    const keep = this.onFrame(type, flags, streamId);
    this.payloadLeft = length;
    this.droppingPayload = !keep;
    return keep;
  }
}

/** The pieces kept so far, with the bytes of `chunk` from `from` up to `to` added. */
function keptUpTo(pieces: Buffer[] | undefined, chunk: Buffer, from: number, to: number): Buffer[] {
  const kept = pieces ?? [];
  if (to > from) kept.push(chunk.subarray(from, to));
  return kept;
}
