import { GENESIS_HASH, linkHash } from '../engine/log/hash';
import type { Checkpoint } from './checkpoint';

export type AuditTable = 'engine_records' | 'operation_log' | 'audit_checkpoints' | 'checkpoint_file' | 'export';

/** The first thing that does not hold, where, and what was expected instead of what was found. */
export interface AuditProblem {
  table: AuditTable;
  position: number;
  expected: string;
  found: string;
}

/**
 * Walks one chain row by row: positions run on without a gap, each row's hash links its content digest to
 * the hash before it, and where a signed checkpoint names a position, the hash there is the signed one.
 * The database and the offline export verifier both walk with it.
 */
export class ChainWalker {
  position: number;
  hash: string;
  readonly problems: AuditProblem[] = [];
  private readonly anchors = new Map<number, Checkpoint[]>();

  constructor(
    private readonly table: AuditTable,
    private readonly anchorOf: (c: Checkpoint) => { position: number; hash: string },
    checkpoints: Checkpoint[],
    start: { position: number; hash: string } = { position: 0, hash: GENESIS_HASH },
  ) {
    this.position = start.position;
    this.hash = start.hash;
    for (const c of checkpoints) {
      const { position } = anchorOf(c);
      if (position < start.position) continue;
      this.anchors.set(position, [...(this.anchors.get(position) ?? []), c]);
    }
    this.checkAnchors();
  }

  /** The next row; `storedHash` is the hash the row holds (absent offline, where only digests travel). */
  next(position: number, contentDigest: string, storedHash?: string): void {
    if (position !== this.position + 1) {
      this.problem(this.position + 1, `the row at position ${this.position + 1}`, `the next row at position ${position}`);
    }
    const computed = linkHash(this.hash, contentDigest);
    if (storedHash !== undefined && storedHash !== computed) {
      this.problem(position, `hash ${computed} (from the row's content and the hash before it)`, `hash ${storedHash}`);
    }
    // Walk on from what the row holds, so one altered row is reported once, not as every row after it.
    this.position = position;
    this.hash = storedHash ?? computed;
    this.checkAnchors();
  }

  /** Signed positions beyond the last row: the chain was cut short (its tail, or all of it, removed). */
  end(): void {
    for (const [position, checkpoints] of this.anchors) {
      if (position > this.position) {
        this.problem(this.position + 1, `rows up to position ${position} (signed by checkpoint ${checkpoints[0].sequence})`, `the chain ends at position ${this.position}`);
      }
    }
  }

  private checkAnchors(): void {
    for (const c of this.anchors.get(this.position) ?? []) {
      const signed = this.anchorOf(c).hash;
      if (signed !== this.hash) this.problem(this.position, `hash ${signed} (signed by checkpoint ${c.sequence})`, `hash ${this.hash}`);
    }
  }

  private problem(position: number, expected: string, found: string): void {
    this.problems.push({ table: this.table, position, expected, found });
  }
}

export const engineAnchor = (c: Checkpoint) => ({ position: c.enginePosition, hash: c.engineHash });
export const operationAnchor = (c: Checkpoint) => ({ position: c.operationPosition, hash: c.operationHash });
