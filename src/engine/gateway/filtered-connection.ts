import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { CLIENT_PREFACE_LENGTH, FrameScanner, StreamEnds } from './closed-stream-resets';

/**
 * The client's TCP connection as the HTTP/2 server sees it: the bytes both ways, except the client's resets
 * of streams the server has already closed (see closed-stream-resets.ts for why).
 */
export function withoutClosedStreamResets(socket: Socket): Duplex {
  const streams = new StreamEnds();
  const fromClient = new FrameScanner(CLIENT_PREFACE_LENGTH, (type, flags, id) => streams.fromClient(type, flags, id));
  const fromServer = new FrameScanner(0, (type, flags, id) => {
    streams.fromServer(type, flags, id);
    return true;
  });
  const afterWrite = (callback: (error?: Error | null) => void, flushed: boolean) => {
    // Answer at once while the socket takes more, so the HTTP/2 session never waits on a round trip.
    if (flushed) callback();
    else socket.once('drain', () => callback());
  };
  const connection = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      fromServer.scan(chunk);
      afterWrite(callback, socket.write(chunk));
    },
    writev(chunks, callback) {
      socket.cork();
      let flushed = true;
      for (const { chunk } of chunks) {
        fromServer.scan(chunk as Buffer);
        flushed = socket.write(chunk) && flushed;
      }
      socket.uncork();
      afterWrite(callback, flushed);
    },
    final(callback) {
      socket.end(() => callback());
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    const kept = fromClient.scan(chunk);
    if (kept.length > 0 && !connection.push(kept)) socket.pause();
  });
  socket.on('end', () => connection.push(null));
  socket.on('error', (error) => connection.destroy(error));
  socket.on('close', () => connection.destroy());
  // The peer's address as the HTTP/2 session shows it (session.socket.remoteAddress, e.g. for a log line).
  for (const name of ['remoteAddress', 'remotePort', 'remoteFamily', 'localAddress', 'localPort'] as const) {
    Object.defineProperty(connection, name, { get: () => socket[name] });
  }
  return connection;
}
