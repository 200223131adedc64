import type { ZBClient } from 'zeebe-node';
import { newClient } from '../../helpers/engine';

let generation = 0;

/**
 * A zeebe-node client with a connection of its own. grpc-js shares one connection between clients with the
 * same address and channel options; once the server behind it went away (a restart, a kill) that connection
 * backs off for 5–30 s (zeebe-node's reconnect settings) and every client sharing it fails or waits.
 * zeebe-node reads GRPC_KEEPALIVE_TIME_MS into the channel options when it builds a client, so a value
 * of its own (a little above the default 360 s) keeps this client's connection apart.
 */
export function isolatedClient(address: string): ZBClient {
  const previous = process.env.GRPC_KEEPALIVE_TIME_MS;
  process.env.GRPC_KEEPALIVE_TIME_MS = String(360_000 + (++generation % 100_000));
  try {
    return newClient(address);
  } finally {
    if (previous === undefined) delete process.env.GRPC_KEEPALIVE_TIME_MS;
    else process.env.GRPC_KEEPALIVE_TIME_MS = previous;
  }
}
