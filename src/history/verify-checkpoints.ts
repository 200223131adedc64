import type { KeyObject } from 'node:crypto';
import { keyId } from './audit-keys';
import { signatureValid, type Checkpoint } from './checkpoint';
import type { AuditProblem } from './chain-walker';

/**
 * Checks the stored checkpoints among themselves: each is signed by the auditor's public key, numbered on
 * from the one before, carries that one's signature, and neither chain head moves backwards. Only the
 * checkpoints that pass are used as anchors for the chains: a forged one proves nothing.
 */
export function verifyCheckpointSequence(checkpoints: Checkpoint[], publicKey: KeyObject): { valid: Checkpoint[]; problems: AuditProblem[] } {
  const problems: AuditProblem[] = [];
  const valid: Checkpoint[] = [];
  const id = keyId(publicKey);
  let previous: Checkpoint | undefined;
  for (const c of checkpoints) {
    const problem = (expected: string, found: string) => problems.push({ table: 'audit_checkpoints', position: c.sequence, expected, found });
    if (!signatureValid(c, publicKey)) {
      problem(`a signature by key ${id}`, c.keyId === id ? 'a signature that does not verify (the checkpoint was altered or forged)' : `a checkpoint of key ${c.keyId}`);
    } else {
      valid.push(c);
    }
    const expectedSequence = (previous?.sequence ?? 0) + 1;
    if (c.sequence !== expectedSequence) problem(`checkpoint ${expectedSequence} next`, `checkpoint ${c.sequence} (checkpoints between were deleted)`);
    else if (c.previousSignature !== (previous?.signature ?? '')) problem(`the signature of checkpoint ${expectedSequence - 1} as its previous signature`, 'another signature');
    if (previous && (c.enginePosition < previous.enginePosition || c.operationPosition < previous.operationPosition)) {
      problem(`heads at or after engine ${previous.enginePosition} / operation ${previous.operationPosition}`, `engine ${c.enginePosition} / operation ${c.operationPosition}`);
    }
    previous = c;
  }
  return { valid, problems };
}

/**
 * Checkpoints the verifier knows from outside the database (the checkpoint file, or one an auditor kept):
 * each must be genuine and be in the database unchanged. One that is not was deleted, or the database was
 * put back to an older state: the rows it signed may be gone too.
 */
export function verifyKnownCheckpoints(known: Checkpoint[], stored: Checkpoint[], publicKey: KeyObject): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const bySequence = new Map(stored.map((c) => [c.sequence, c]));
  for (const c of known) {
    if (!signatureValid(c, publicKey)) {
      problems.push({ table: 'checkpoint_file', position: c.sequence, expected: 'a checkpoint signed by the public key', found: 'a signature that does not verify' });
      continue;
    }
    const match = bySequence.get(c.sequence);
    if (!match) {
      problems.push({
        table: 'audit_checkpoints',
        position: c.sequence,
        expected: `checkpoint ${c.sequence} of ${new Date(c.at).toISOString()} (engine ${c.enginePosition}, operation ${c.operationPosition}), known from outside the database`,
        found: 'no such checkpoint (deleted, or the database was rolled back)',
      });
    } else if (match.signature !== c.signature) {
      problems.push({ table: 'audit_checkpoints', position: c.sequence, expected: `the signature known from outside the database (${c.signature.slice(0, 16)}…)`, found: `${match.signature.slice(0, 16)}…` });
    }
  }
  return problems;
}
