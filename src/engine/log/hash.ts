import { hash, randomFillSync } from 'node:crypto';
import type { LogRecord } from './record';

/** The hash of the (empty) log before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Chains each record to the one before it, in three steps so that a part of the log can be proven without
 * showing all of it:
 *
 *   valueDigest   = sha256(salt ‖ value JSON)            commits to the value without revealing it
 *   contentDigest = sha256(header JSON ‖ valueDigest)    the record, as one 32-byte fact
 *   hash          = sha256(previous hash ‖ contentDigest)
 *
 * An export can then carry a masked record as its header and value digest (a sensitive value stays hidden,
 * the salt keeps a low-entropy value such as a contract sum from being guessed from its digest), and the
 * records of other instances between an exported record and a signed checkpoint as bare content digests.
 * Any edited, inserted or deleted row still changes every hash after it.
 */
export function chainHash(previousHash: string, record: RecordHeader, valueJson: string, salt: string): string {
  return linkHash(previousHash, recordContentDigest(record, valueDigest(salt, valueJson)));
}

// crypto.hash is the one-shot form of createHash: several times cheaper for inputs this small, which
// matters on the engine's single writer (bench/verify.ts measures it).
export function valueDigest(salt: string, valueJson: string): string {
  return hash('sha256', salt + valueJson, 'hex');
}

export function recordContentDigest(record: RecordHeader, digestOfValue: string): string {
  return hash('sha256', recordHeader(record) + digestOfValue, 'hex');
}

/** One link of a chain: the previous hash and the digest of this row's content. Shared by both chains. */
export function linkHash(previousHash: string, contentDigest: string): string {
  return hash('sha256', previousHash + contentDigest, 'hex');
}

export type RecordHeader = Pick<
  LogRecord,
  'position' | 'sourceRecordPosition' | 'key' | 'timestamp' | 'recordType' | 'valueType' | 'intent' | 'rejectionType' | 'rejectionReason'
>;

/**
 * The record's fields other than its value, in a fixed order, as the JSON text of an array. Written out by
 * hand because the single writer builds one per record: keys are decimal strings and the type names are
 * fixed words, so only the rejection reason (free text) needs JSON.stringify. A key that is not a decimal
 * number (none is, but the format must not depend on it) takes the general path.
 */
export function recordHeader(r: RecordHeader): string {
  if (!DECIMAL.test(r.key)) {
    return JSON.stringify([r.position, r.sourceRecordPosition, r.key, r.timestamp, r.recordType, r.valueType, r.intent, r.rejectionType, r.rejectionReason]);
  }
  return `[${r.position},${r.sourceRecordPosition},"${r.key}",${r.timestamp},"${r.recordType}","${r.valueType}","${r.intent}","${r.rejectionType}",${
    r.rejectionReason === '' ? '""' : JSON.stringify(r.rejectionReason)
  }]`;
}

const DECIMAL = /^-?\d+$/;

const SALT_BYTES = 16;
const SALT_HEX_LENGTH = 2 * SALT_BYTES;
const POOL_SALTS = 256;
let pool = '';
let poolOffset = 0;

/**
 * A fresh random salt (16 bytes, hex) for one record. Drawn from a pool of 256 salts, filled and turned into
 * hex in one go, so the single writer pays one call into the system's random source and one hex encoding per
 * 256 records, not one of each per record.
 */
export function newSalt(): string {
  if (poolOffset >= pool.length) {
    pool = randomFillSync(Buffer.alloc(SALT_BYTES * POOL_SALTS)).toString('hex');
    poolOffset = 0;
  }
  const salt = pool.slice(poolOffset, poolOffset + SALT_HEX_LENGTH);
  poolOffset += SALT_HEX_LENGTH;
  return salt;
}
