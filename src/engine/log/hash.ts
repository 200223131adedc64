import { createHash } from 'node:crypto';
import type { LogRecord } from './record';

/** The hash of the (empty) log before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Chains each record to the one before it: sha256(previousHash + canonical record). Auditors recompute
 * the chain from the first record; any edited, inserted or deleted row changes every hash after it.
 */
export function chainHash(previousHash: string, record: LogRecord, valueJson: string): string {
  return createHash('sha256').update(previousHash).update(recordHeader(record)).update(valueJson).digest('hex');
}

/**
 * The record's fields other than its value, in a fixed order. The value is hashed as the exact JSON text
 * that is stored, so the chain can be checked from the table alone.
 */
function recordHeader(r: LogRecord): string {
  return JSON.stringify([
    r.position,
    r.sourceRecordPosition,
    r.key,
    r.timestamp,
    r.recordType,
    r.valueType,
    r.intent,
    r.rejectionType,
    r.rejectionReason,
  ]);
}
