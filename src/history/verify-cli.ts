import fs from 'node:fs';
import { readConfig } from '../config';
import { openDatabase } from '../db';
import { auditPaths, readPublicKey } from './audit-keys';
import { knownCheckpoints } from './audit-trail';
import { readCheckpointFile } from './checkpoint';
import type { AuditProblem } from './chain-walker';
import { verifyExport } from './verify-export';
import { verifyAuditTrail } from './verify-trail';

const USAGE = `npm run verify [-- [export.json] [--public-key <pem>] [--checkpoints <file>] [--json]]
  without a file: checks the database's audit trail (DATABASE_URL, or the embedded database in DATA_DIR:
                  stop the application first, PGlite has one owner)
  with a file:    checks an export offline
  --public-key    the auditors' copy of the public key (default AUDIT_PUBLIC_KEY_FILE or DATA_DIR/audit-public-key.pem)
  --checkpoints   checkpoints known from outside the database (default AUDIT_CHECKPOINT_FILE or DATA_DIR/audit-checkpoints.jsonl)
exit code: 0 verified, 1 a problem was found, 2 could not check (bad arguments, no key, no database)`;

/** `npm run verify`: the audit trail of the database, or an export offline. Exit 0 ok, 1 tampered, 2 unable. */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const config = readConfig();
  const paths = auditPaths(config, config.dataDir);
  const publicKey = readPublicKey(args.publicKey ?? paths.publicKeyFile);
  if (args.file) {
    const result = verifyExport(JSON.parse(fs.readFileSync(args.file, 'utf8')), publicKey);
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`Export ${args.file}: ${result.records} records (${result.masked} masked), ${result.operations} operations, key ${result.keyId}`);
      console.log(result.checkpoint ? `Anchored at checkpoint ${result.checkpoint.sequence} of ${result.checkpoint.at}` : 'No valid checkpoint');
      report(result.firstProblem, result.problems.length);
    }
    return result.ok ? 0 : 1;
  }
  const known = args.checkpoints ? readCheckpointFile(args.checkpoints) : knownCheckpoints(paths.checkpointFile);
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // Read only: no migration here (a verifier must not change what it checks).
    if (!(await db.schema.hasTable('audit_checkpoints'))) {
      throw new Error(`Expected the audit trail's tables in ${config.databaseUrl ? 'DATABASE_URL' : `${config.dataDir}/pglite`}, but they are missing: start the application once (npm start) so that its migrations run`);
    }
    const result = await verifyAuditTrail(db, publicKey, { knownCheckpoints: known });
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`Checked ${result.records} engine records, ${result.operations} operations, ${result.checkpoints} checkpoints (key ${result.keyId}; ${known.length} checkpoints known from outside the database)`);
      console.log(`Last checkpoint: ${result.lastCheckpointAt ?? 'none'}; after it, not yet signed: ${result.unsignedRecords} records, ${result.unsignedOperations} operations`);
      report(result.firstProblem, result.problems.length);
    }
    return result.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

function report(first: AuditProblem | null, count: number): void {
  if (!first) {
    console.log('OK: the audit trail verifies');
    return;
  }
  console.log(`NOT OK: ${count} problem(s). First: ${first.table} at position ${first.position}`);
  console.log(`  expected ${first.expected}`);
  console.log(`  found    ${first.found}`);
}

function parseArgs(argv: string[]): { file?: string; publicKey?: string; checkpoints?: string; json: boolean } {
  const args: { file?: string; publicKey?: string; checkpoints?: string; json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--public-key' || arg === '--checkpoints') {
      const value = argv[++i];
      if (!value) throw new UsageError(`Expected a file after ${arg}`);
      if (arg === '--public-key') args.publicKey = value;
      else args.checkpoints = value;
    } else if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
    else if (args.file) throw new UsageError(`Expected one export file, but got ${args.file} and ${arg}`);
    else args.file = arg;
  }
  return args;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof UsageError ? `${error.message}\n${USAGE}`.trim() : `Could not verify: ${error.message}`);
    process.exit(2);
  },
);
