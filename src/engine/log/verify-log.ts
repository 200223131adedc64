import type { Knex } from 'knex';
import { GENESIS_HASH, chainHash } from './hash';
import { LogStore } from './log-store';

export interface LogVerification {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** What is wrong, first problem first; at most `limit` of them. */
  problems: string[];
}

const PAGE = 10_000;

/**
 * Proves the log unaltered from the table alone: positions run 1, 2, 3… without a gap, and each row's hash
 * is sha256 over the previous row's hash and the row as stored. An edited, inserted or deleted row breaks
 * the chain from that row on.
 */
export async function verifyLog(db: Knex, limit = 10): Promise<LogVerification> {
  const store = new LogStore(db);
  const problems: string[] = [];
  let previousHash = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const page = await store.readAfter(expected - 1, PAGE);
    if (page.length === 0) break;
    for (const { record, valueJson, salt, hash: stored } of page) {
      if (record.position !== expected) {
        problems.push(`Expected the record at position ${expected}, but the next one is at ${record.position}`);
        return { ok: false, records: expected - 1, problems };
      }
      const hash = chainHash(previousHash, record, valueJson, salt);
      if (hash !== stored && problems.length < limit) {
        problems.push(`Expected the hash at position ${expected} to be ${hash}, but the row holds ${stored}`);
      }
      previousHash = stored;
      expected += 1;
    }
  }
  return { ok: problems.length === 0, records: expected - 1, problems };
}
