import fs from 'node:fs';
import { sign, verify, type KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { GENESIS_HASH } from '../engine/log/hash';
import { canonicalJson } from '../tasklist/operation-chain';

/**
 * A signed checkpoint: the heads of both chains at one moment, signed with the Ed25519 key that is kept
 * outside the database.
 *
 * Why two chains and not one: engine records are written by the engine's single writer (or by a real Zeebe
 * cluster, whose log is not ours at all), operations by many web requests at once. One chain across both
 * would make every web request wait for the engine's writer and the writer for the web. Instead each keeps
 * its own total order, every operation notes the newest engine position it saw, and every checkpoint signs
 * both heads together with the previous checkpoint's signature. That fixes the order of the two chains
 * against each other at each checkpoint: whatever is at or before a checkpoint's two positions happened
 * before whatever follows either of them, and none of it can change without the signature failing.
 */
export interface Checkpoint {
  sequence: number;
  /** Milliseconds since the epoch. */
  at: number;
  enginePosition: number;
  engineHash: string;
  operationPosition: number;
  operationHash: string;
  /** The signature of checkpoint sequence - 1 ('' for the first): deleting one breaks the next. */
  previousSignature: string;
  /** Ed25519 over signedText(checkpoint), base64. */
  signature: string;
  keyId: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;

/** The exact bytes signed: every field but the signature, as canonical JSON, with a format version. */
export function signedText(c: UnsignedCheckpoint): string {
  return canonicalJson({
    format: 'gx-audit-checkpoint/1',
    sequence: c.sequence,
    at: c.at,
    enginePosition: c.enginePosition,
    engineHash: c.engineHash,
    operationPosition: c.operationPosition,
    operationHash: c.operationHash,
    previousSignature: c.previousSignature,
    keyId: c.keyId,
  });
}

export function signCheckpoint(c: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  return { ...c, signature: sign(null, Buffer.from(signedText(c)), privateKey).toString('base64') };
}

export function signatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(signedText(c)), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export interface ChainHeads {
  enginePosition: number;
  engineHash: string;
  operationPosition: number;
  operationHash: string;
}

/** The newest committed row of each chain (position 0 and the genesis hash for an empty one). */
export async function readChainHeads(db: Knex): Promise<ChainHeads> {
  const engine = (await db.raw('select r.position::text as position, r.hash from engine_records r order by r.position desc limit 1')).rows[0];
  const operation = (await db.raw('select o.chain_position::text as position, o.hash from operation_log o order by o.chain_position desc limit 1')).rows[0];
  return {
    enginePosition: engine ? Number(engine.position) : 0,
    engineHash: engine?.hash ?? GENESIS_HASH,
    operationPosition: operation ? Number(operation.position) : 0,
    operationHash: operation?.hash ?? GENESIS_HASH,
  };
}

const SELECT_CHECKPOINTS = `select sequence::text as sequence, created_at::text as at, engine_position::text as engine_position, engine_hash,
    operation_position::text as operation_position, operation_hash, previous_signature, signature, key_id from audit_checkpoints c`;

export async function readCheckpoints(db: Knex): Promise<Checkpoint[]> {
  const rows = await db.raw(
    `${SELECT_CHECKPOINTS} order by c.sequence`,
  );
  return rows.rows.map(fromRow);
}

export async function latestCheckpoint(db: Knex): Promise<Checkpoint | undefined> {
  const rows = await db.raw(
    `${SELECT_CHECKPOINTS} order by c.sequence desc limit 1`,
  );
  return rows.rows[0] ? fromRow(rows.rows[0]) : undefined;
}

/**
 * Signs the current heads as the next checkpoint and stores it, then appends it to the checkpoint file.
 * Two writers at once meet at the primary key: the later one writes nothing and answers undefined.
 */
export async function writeCheckpoint(
  db: Knex,
  key: { privateKey: KeyObject; keyId: string },
  at: number,
  checkpointFile?: string,
): Promise<Checkpoint | undefined> {
  const previous = await latestCheckpoint(db);
  const heads = await readChainHeads(db);
  const checkpoint = signCheckpoint(
    { sequence: (previous?.sequence ?? 0) + 1, at, ...heads, previousSignature: previous?.signature ?? '', keyId: key.keyId },
    key.privateKey,
  );
  const inserted = await db.raw(
    `insert into audit_checkpoints (sequence, created_at, engine_position, engine_hash, operation_position, operation_hash, previous_signature, signature, key_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (sequence) do nothing returning sequence`,
    [
      checkpoint.sequence,
      checkpoint.at,
      checkpoint.enginePosition,
      checkpoint.engineHash,
      checkpoint.operationPosition,
      checkpoint.operationHash,
      checkpoint.previousSignature,
      checkpoint.signature,
      checkpoint.keyId,
    ],
  );
  if (inserted.rows.length === 0) return undefined;
  if (checkpointFile) fs.appendFileSync(checkpointFile, `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
  return checkpoint;
}

/**
 * Checkpoints from a file: the JSON-lines file the application appends to, a JSON array, or one checkpoint
 * (e.g. the one an auditor noted down). Lines that do not parse are reported, not skipped silently.
 */
export function readCheckpointFile(file: string): Checkpoint[] {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text === '') return [];
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map((item, i) => checkpointFrom(item, `${file} item ${i + 1}`));
  return text.split('\n').map((line, i) => {
    try {
      return checkpointFrom(JSON.parse(line), `${file} line ${i + 1}`);
    } catch (error) {
      throw new Error(`Expected a checkpoint (JSON) on ${file} line ${i + 1}, but ${(error as Error).message}`);
    }
  });
}

export function checkpointFrom(item: unknown, source: string): Checkpoint {
  const c = item as Record<string, unknown>;
  const numbers = ['sequence', 'at', 'enginePosition', 'operationPosition'] as const;
  const texts = ['engineHash', 'operationHash', 'previousSignature', 'signature', 'keyId'] as const;
  for (const name of numbers) if (typeof c?.[name] !== 'number') throw new Error(`Expected ${name} to be a number in the checkpoint of ${source}`);
  for (const name of texts) if (typeof c?.[name] !== 'string') throw new Error(`Expected ${name} to be a text in the checkpoint of ${source}`);
  return c as unknown as Checkpoint;
}

function fromRow(row: any): Checkpoint {
  return {
    sequence: Number(row.sequence),
    at: Number(row.at),
    enginePosition: Number(row.engine_position),
    engineHash: row.engine_hash,
    operationPosition: Number(row.operation_position),
    operationHash: row.operation_hash,
    previousSignature: row.previous_signature,
    signature: row.signature,
    keyId: row.key_id,
  };
}
