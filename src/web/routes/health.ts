import express from 'express';
import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import { pendingMigrations } from '../../db';

export interface HealthDeps {
  db: Knex;
  client: ZBClient;
  /** Where a failing check's reason goes: the answer itself names only the check, not its details. */
  log: (message: string) => void;
  /** How long one check may take before it counts as failing (a hung database must not hang the probe). */
  checkTimeoutMs?: number;
}

type Check = () => Promise<void>;

/**
 * Liveness and readiness for an orchestrator or load balancer, unauthenticated like Kubernetes' probes:
 * `/healthz` answers while the process can serve at all; `/readyz` answers 200 only when the database
 * answers, the engine's gateway gives a topology with a partition through zeebe-node, and no migration is
 * pending; otherwise 503 with the failing checks named. Reasons (addresses, error texts) go to the log only.
 */
export function healthRoutes(deps: HealthDeps): express.Router {
  const router = express.Router();
  const timeoutMs = deps.checkTimeoutMs ?? 3_000;
  const checks: Record<string, Check> = {
    database: async () => {
      await deps.db.raw('select 1');
    },
    engine: async () => {
      const topology = await deps.client.topology();
      if (!topology.brokers.some((broker) => broker.partitions.length > 0)) throw new Error('the gateway knows no broker with a partition');
    },
    migrations: async () => {
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) throw new Error(`${pending.length} migration(s) pending: ${pending.join(', ')}`);
    },
  };
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs, name);
          return [name, 'ok'] as const;
        } catch (error) {
          deps.log(`readiness check '${name}' failed: ${(error as Error).message}`);
          return [name, 'failing'] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result === 'ok');
    res.status(ready ? 200 : 503).set('cache-control', 'no-store').json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  return router;
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Expected the ${name} check to answer within ${ms} ms, but it did not`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
