import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { recordContentDigest, valueDigest } from '../engine/log/hash';
import { operationContentDigest } from '../tasklist/operation-chain';
import { readCheckpoints, type Checkpoint } from './checkpoint';
import { ChainWalker, engineAnchor, operationAnchor, type AuditProblem } from './chain-walker';
import { verifyCheckpointSequence, verifyKnownCheckpoints } from './verify-checkpoints';
import { keyId } from './audit-keys';
import { RECORD_SELECT, recordHeaderFromRow } from '../engine/log/log-store';

/** What `npm run verify`, GET /api/history/verification and the history pages' badge show. */
export interface AuditVerification {
  ok: boolean;
  checkedAt: string;
  keyId: string;
  /** Rows checked in each chain, and stored checkpoints. */
  records: number;
  operations: number;
  checkpoints: number;
  lastCheckpointAt: string | null;
  /**
   * Rows after the newest checkpoint: chained, but not yet signed. Someone with full rights on the database
   * can rewrite these and recompute their hashes undetected, until the next checkpoint signs them.
   */
  unsignedRecords: number;
  unsignedOperations: number;
  firstProblem: AuditProblem | null;
  /** Every problem found, first first, at most MAX_PROBLEMS. */
  problems: AuditProblem[];
}

const PAGE = 10_000;
const MAX_PROBLEMS = 50;

export interface VerifyOptions {
  /** Checkpoints known from outside the database (the checkpoint file, one an auditor kept). */
  knownCheckpoints?: Checkpoint[];
  now?: () => Date;
}

/**
 * Checks the whole audit trail: both chains row by row, every stored checkpoint's signature and sequence,
 * each chain's hash at every signed position, and the checkpoints known from outside the database.
 */
export async function verifyAuditTrail(db: Knex, publicKey: KeyObject, options: VerifyOptions = {}): Promise<AuditVerification> {
  const stored = await readCheckpoints(db);
  const sequence = verifyCheckpointSequence(stored, publicKey);
  const known = options.knownCheckpoints ?? [];
  const knownProblems = verifyKnownCheckpoints(known, stored, publicKey);
  const anchors = withKnown(sequence.valid, known, publicKey);
  const engine = new ChainWalker('engine_records', engineAnchor, anchors);
  await walkEngineRecords(db, engine);
  engine.end();
  const operations = new ChainWalker('operation_log', operationAnchor, anchors);
  await walkOperations(db, operations);
  operations.end();
  const last = stored.at(-1);
  const problems = [...sequence.problems, ...knownProblems, ...engine.problems, ...operations.problems].slice(0, MAX_PROBLEMS);
  return {
    ok: problems.length === 0,
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    keyId: keyId(publicKey),
    records: engine.position,
    operations: operations.position,
    checkpoints: stored.length,
    lastCheckpointAt: last ? new Date(last.at).toISOString() : null,
    unsignedRecords: Math.max(0, engine.position - (last?.enginePosition ?? 0)),
    unsignedOperations: Math.max(0, operations.position - (last?.operationPosition ?? 0)),
    firstProblem: problems[0] ?? null,
    problems,
  };
}

/** Genuine checkpoints from outside that the database lacks still anchor the chains (a cut tail shows). */
function withKnown(valid: Checkpoint[], known: Checkpoint[], publicKey: KeyObject): Checkpoint[] {
  const signatures = new Set(valid.map((c) => c.signature));
  return [...valid, ...known.filter((c) => !signatures.has(c.signature) && verifyKnownCheckpoints([c], [c], publicKey).length === 0)];
}

async function walkEngineRecords(db: Knex, walker: ChainWalker): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = (await db.raw(`select ${RECORD_SELECT} from engine_records r where r.position > ? order by r.position limit ?`, [after, PAGE])).rows as any[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const header = recordHeaderFromRow(row);
      walker.next(header.position, recordContentDigest(header, valueDigest(row.value_salt, row.value)), row.hash);
      after = header.position;
    }
  }
}

async function walkOperations(db: Knex, walker: ChainWalker): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db('operation_log').where('chain_position', '>', after).orderBy('chain_position').limit(PAGE);
    if (rows.length === 0) return;
    for (const row of rows) {
      const position = Number(row.chain_position);
      walker.next(position, operationContentDigest(operationContent(row)), row.hash);
      after = position;
    }
  }
}

/** An operation_log row as its chain hashed it. */
export function operationContent(row: any) {
  return {
    position: Number(row.chain_position),
    at: row.at instanceof Date ? row.at.getTime() : Date.parse(row.at),
    username: row.username,
    action: row.action,
    taskId: row.task_id,
    processInstanceKey: row.process_instance_key,
    enginePosition: row.engine_position === null || row.engine_position === undefined ? null : Number(row.engine_position),
    detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail,
  };
}
