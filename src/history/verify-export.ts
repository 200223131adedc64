import type { KeyObject } from 'node:crypto';
import { recordContentDigest, valueDigest } from '../engine/log/hash';
import { operationContentDigest } from '../tasklist/operation-chain';
import { keyId } from './audit-keys';
import { checkpointFrom, signatureValid, type Checkpoint } from './checkpoint';
import { ChainWalker, engineAnchor, operationAnchor, type AuditProblem } from './chain-walker';
import { EXPORT_FORMAT, type AuditExport, type ChainProof, type ExportedOperation, type ExportedRecord } from './audit-export';

export interface ExportVerification {
  ok: boolean;
  keyId: string;
  records: number;
  operations: number;
  masked: number;
  checkpoint: { sequence: number; at: string } | null;
  firstProblem: AuditProblem | null;
  problems: AuditProblem[];
}

/**
 * Verifies an export without the database: the checkpoint's signature against the auditor's public key,
 * then each chain from the hash before the first exported row to the checkpoint's position, recomputing
 * every exported row (a masked record from its value digest) and taking the other rows' content digests
 * from the proof. A changed, dropped or added row, or one moved past the checkpoint, shows as a problem.
 */
export function verifyExport(document: unknown, publicKey: KeyObject): ExportVerification {
  const doc = document as AuditExport;
  const problems: AuditProblem[] = [];
  const problem = (expected: string, found: string, position = 0) => problems.push({ table: 'export', position, expected, found });
  if (doc?.format !== EXPORT_FORMAT) problem(`an export of format ${EXPORT_FORMAT}`, `format ${JSON.stringify(doc?.format)}`);
  let checkpoint: Checkpoint | undefined;
  if (!doc?.checkpoint) problem('a signed checkpoint in the export', 'none (the trail had no checkpoint when exported)');
  else {
    try {
      checkpoint = checkpointFrom(doc.checkpoint, 'the export');
    } catch (error) {
      problem('a well-formed checkpoint', (error as Error).message);
    }
    if (checkpoint && !signatureValid(checkpoint, publicKey)) {
      problem(`a checkpoint signed by key ${keyId(publicKey)}`, 'a signature that does not verify (forged or altered, or another key)', checkpoint.sequence);
      checkpoint = undefined;
    }
  }
  const records = Array.isArray(doc?.records) ? doc.records : [];
  const operations = Array.isArray(doc?.operations) ? doc.operations : [];
  if (checkpoint && problems.length === 0) {
    problems.push(...walkProof('engine_records', doc.proof?.engine, records, recordDigest, engineAnchor, checkpoint));
    problems.push(...walkProof('operation_log', doc.proof?.operations, operations, operationDigest, operationAnchor, checkpoint));
  }
  return {
    ok: problems.length === 0,
    keyId: keyId(publicKey),
    records: records.length,
    operations: operations.length,
    masked: records.filter((r) => r.masked).length,
    checkpoint: checkpoint ? { sequence: checkpoint.sequence, at: new Date(checkpoint.at).toISOString() } : null,
    firstProblem: problems[0] ?? null,
    problems,
  };
}

function walkProof<T extends { position: number; hash: string }>(
  table: 'engine_records' | 'operation_log',
  proof: ChainProof | null | undefined,
  rows: T[],
  digestOf: (row: T) => string,
  anchorOf: (c: Checkpoint) => { position: number; hash: string },
  checkpoint: Checkpoint,
): AuditProblem[] {
  if (rows.length === 0) return [];
  if (!proof) return [{ table, position: rows[0].position, expected: 'a chain proof for the exported rows', found: 'none' }];
  const signed = anchorOf(checkpoint).position;
  if (proof.toPosition !== Math.max(signed, rows[rows.length - 1].position)) {
    return [{ table, position: proof.toPosition, expected: `a proof up to position ${signed} (the checkpoint's)`, found: `a proof up to ${proof.toPosition}` }];
  }
  const walker = new ChainWalker(table, anchorOf, [checkpoint], { position: proof.fromPosition, hash: proof.fromHash });
  const byPosition = new Map<number, string>();
  for (const [position, digest] of proof.digests) byPosition.set(position, digest);
  const exported = new Map(rows.map((row) => [row.position, row]));
  if (exported.size !== rows.length) walker.problems.push({ table, position: 0, expected: 'each row exported once', found: 'a position exported twice' });
  for (let position = proof.fromPosition + 1; position <= proof.toPosition; position++) {
    const row = exported.get(position);
    const digest = row ? digestOf(row) : byPosition.get(position);
    if (digest === undefined) {
      walker.problems.push({ table, position, expected: `the row at position ${position} or its digest`, found: 'neither (removed from the export)' });
      break;
    }
    walker.next(position, digest, row?.hash);
  }
  for (const row of rows) {
    if (row.position <= proof.fromPosition || row.position > proof.toPosition) {
      walker.problems.push({ table, position: row.position, expected: `rows within positions ${proof.fromPosition + 1}–${proof.toPosition}`, found: 'a row outside the proof' });
    }
  }
  if (rows[rows.length - 1].position > signed) {
    walker.problems.push({
      table,
      position: signed + 1,
      expected: `every exported row signed (at or before position ${signed}, the checkpoint's)`,
      found: `rows up to ${rows[rows.length - 1].position}: those after ${signed} are chained but not yet signed`,
    });
  }
  return walker.problems;
}

function recordDigest(r: ExportedRecord): string {
  const digest = r.masked ? String(r.valueDigest) : valueDigest(String(r.salt), r.valueJson ?? JSON.stringify(r.value));
  return recordContentDigest(r, digest);
}

function operationDigest(o: ExportedOperation): string {
  return operationContentDigest({ ...o, at: Date.parse(o.at) });
}
