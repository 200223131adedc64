import type { Knex } from 'knex';
import { GENESIS_HASH, recordContentDigest, valueDigest, type RecordHeader } from '../engine/log/hash';
import { RECORD_SELECT, recordHeaderFromRow } from '../engine/log/log-store';
import { operationContentDigest } from '../tasklist/operation-chain';
import { latestCheckpoint, type Checkpoint } from './checkpoint';
import { maskRecordValue, type HistoryReader } from './masking';
import { operationContent } from './verify-trail';

export const EXPORT_FORMAT = 'gx-audit-export/1';
/** A search result is exported up to this many instances at once. */
export const MAX_EXPORT_INSTANCES = 500;

/**
 * One engine record in an export. Unmasked: its value and salt, from which the verifier recomputes the
 * value digest. Masked (Art. 26): the value shown masked and the value digest instead of the salt, so the
 * record still chains while the sensitive value (and the salt that would let it be guessed) stays home.
 */
export interface ExportedRecord extends RecordHeader {
  processInstanceKey: string | null;
  value: unknown;
  masked: boolean;
  salt?: string;
  /** The exact stored JSON, only where re-serialising `value` would not give it back. */
  valueJson?: string;
  valueDigest?: string;
  hash: string;
}

export interface ExportedOperation {
  position: number;
  /** ISO 8601 with milliseconds: exactly the instant that was hashed. */
  at: string;
  username: string;
  action: string;
  taskId: string | null;
  processInstanceKey: string | null;
  enginePosition: number | null;
  detail: unknown;
  hash: string;
}

/**
 * The way from the hash before the first exported row to the checkpoint: the content digests of every row
 * in between that is not exported (other instances' rows, which reveal nothing as digests).
 */
export interface ChainProof {
  fromPosition: number;
  fromHash: string;
  toPosition: number;
  digests: Array<[number, string]>;
}

export interface AuditExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  exportedBy: string;
  processInstanceKeys: string[];
  /** The newest signed checkpoint when exported: the anchor both proofs lead to. */
  checkpoint: Checkpoint | null;
  records: ExportedRecord[];
  operations: ExportedOperation[];
  proof: { engine: ChainProof | null; operations: ChainProof | null };
  howToVerify: string;
}

/**
 * Exports process instances for auditors: their records and operations, masked as Art. 26 requires, with
 * the chain proofs to the newest checkpoint, so that `npm run verify -- file.json` checks it offline.
 */
export async function exportInstances(db: Knex, keys: string[], meta: { reader: HistoryReader; now: Date }): Promise<AuditExport> {
  const checkpoint = (await latestCheckpoint(db)) ?? null;
  // As of the checkpoint: rows an active instance gains meanwhile belong to the next export, not to this one
  // (they would be chained but unsigned, and the export would not verify).
  const engineUpTo = checkpoint?.enginePosition ?? Number.MAX_SAFE_INTEGER;
  const operationUpTo = checkpoint?.operationPosition ?? Number.MAX_SAFE_INTEGER;
  const recordRows = (
    await db.raw(
      `select ${RECORD_SELECT}, r.process_instance_key::text as pik from engine_records r
        where r.process_instance_key = any(?::bigint[]) and r.position <= ? order by r.position`,
      [keys, engineUpTo],
    )
  ).rows as any[];
  const records = recordRows.map((row) => exportedRecord(row, meta.reader));
  const operationRows = await db('operation_log').whereIn('process_instance_key', keys).andWhere('chain_position', '<=', operationUpTo).orderBy('chain_position');
  const operations = operationRows.map(exportedOperation);
  return {
    format: EXPORT_FORMAT,
    exportedAt: meta.now.toISOString(),
    exportedBy: meta.reader.username,
    processInstanceKeys: keys,
    checkpoint,
    records,
    operations,
    proof: {
      engine: records.length === 0 ? null : await engineProof(db, records.map((r) => r.position), checkpoint?.enginePosition ?? 0),
      operations: operations.length === 0 ? null : await operationProof(db, operations.map((o) => o.position), checkpoint?.operationPosition ?? 0),
    },
    howToVerify: 'npm run verify -- <this file> --public-key <the audit public key (PEM)>: checks every row, the proofs and the checkpoint signature',
  };
}

function exportedRecord(row: any, reader: HistoryReader): ExportedRecord {
  const header = recordHeaderFromRow(row);
  const stored = JSON.parse(row.value);
  const shown = maskRecordValue(reader, stored);
  const common = { ...header, processInstanceKey: row.pik ?? null, masked: shown.masked, hash: row.hash };
  if (shown.masked) return { ...common, value: shown.value, valueDigest: valueDigest(row.value_salt, row.value) };
  return { ...common, value: stored, salt: row.value_salt, ...(JSON.stringify(stored) === row.value ? {} : { valueJson: row.value }) };
}

function exportedOperation(row: any): ExportedOperation {
  const content = operationContent(row);
  return { ...content, at: new Date(content.at).toISOString(), hash: row.hash };
}

const PAGE = 10_000;

/** One page of a chain's rows after a position (up to `to`), as position and content digest. */
type DigestPage = (after: number, to: number) => Promise<Array<[number, string]>>;

async function chainProof(
  exported: number[],
  checkpointPosition: number,
  hashAt: (position: number) => Promise<string | undefined>,
  page: DigestPage,
): Promise<ChainProof> {
  const from = exported[0] - 1;
  const to = Math.max(checkpointPosition, exported[exported.length - 1]);
  const fromHash = from === 0 ? GENESIS_HASH : ((await hashAt(from)) ?? GENESIS_HASH);
  const skip = new Set(exported);
  const digests: Array<[number, string]> = [];
  for (let after = from; after < to; ) {
    const rows = await page(after, to);
    if (rows.length === 0) break;
    for (const row of rows) if (!skip.has(row[0])) digests.push(row);
    after = rows[rows.length - 1][0];
  }
  return { fromPosition: from, fromHash, toPosition: to, digests };
}

function engineProof(db: Knex, exported: number[], checkpointPosition: number): Promise<ChainProof> {
  return chainProof(
    exported,
    checkpointPosition,
    async (position) => (await db.raw('select hash from engine_records where position = ?', [position])).rows[0]?.hash,
    async (after, to) => {
      const rows = (await db.raw(`select ${RECORD_SELECT} from engine_records r where r.position > ? and r.position <= ? order by r.position limit ?`, [after, to, PAGE])).rows as any[];
      return rows.map((row) => {
        const header = recordHeaderFromRow(row);
        return [header.position, recordContentDigest(header, valueDigest(row.value_salt, row.value))];
      });
    },
  );
}

function operationProof(db: Knex, exported: number[], checkpointPosition: number): Promise<ChainProof> {
  return chainProof(
    exported,
    checkpointPosition,
    async (position) => (await db('operation_log').where({ chain_position: position }).first('hash'))?.hash,
    async (after, to) => {
      const rows = await db('operation_log').where('chain_position', '>', after).andWhere('chain_position', '<=', to).orderBy('chain_position').limit(PAGE);
      return rows.map((row: any) => [Number(row.chain_position), operationContentDigest(operationContent(row))]);
    },
  );
}
