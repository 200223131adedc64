import type { Knex } from 'knex';
import { migrate, openDatabase, type DatabaseConfig } from '../db';
import { ControlledClock, SystemClock, type Clock } from './clock';
import { startClockEndpoint } from './clock-endpoint';
import { Engine, type EngineOptions } from './engine';
import { startGateway, type GatewayServer } from './gateway/server';

export interface EmbeddedEngineOptions extends DatabaseConfig {
  port: number;
  host?: string;
  clock?: Clock;
  /** An open database to use instead of opening one (tests share one PGlite between restarts). */
  db?: Knex;
  engine?: Partial<Omit<EngineOptions, 'db' | 'clock'>>;
  log?: (message: string) => void;
  /** Serve the clock-control endpoint on this port (the clock must be a ControlledClock). */
  clockPort?: number;
}

export interface EmbeddedEngine {
  engine: Engine;
  gateway: GatewayServer;
  db: Knex;
  /** Address for zeebe-node, e.g. "localhost:26500". */
  address: string;
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, recovers the engine from its log and serves the gateway. */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const ownsDb = !options.db;
  const db = options.db ?? openDatabase(options);
  await migrate(db);
  const engine = await Engine.start({ db, clock: options.clock ?? new SystemClock(), log: options.log, ...options.engine });
  const gateway = await startGateway(engine, { host: options.host, port: options.port });
  const clockEndpoint =
    options.clockPort !== undefined && options.clock instanceof ControlledClock
      ? await startClockEndpoint(options.clock, options.clockPort)
      : undefined;
  return {
    engine,
    gateway,
    db,
    address: `localhost:${gateway.port}`,
    async stop() {
      clockEndpoint?.close();
      await gateway.stop();
      await engine.stop();
      if (ownsDb) await db.destroy();
    },
  };
}
