import { readConfig } from '../src/config';
import { backupPglite, restorePglite } from '../src/ops/pglite-backup';

/**
 * `npm run backup -- <file.tar.gz>` and `npm run restore -- <file.tar.gz>`: the embedded database of DATA_DIR
 * (engine log and snapshots, directory, projects, tasks, archive) to one file and back into a fresh
 * DATA_DIR. Run with the application stopped. A PostgreSQL server is backed up with pg_dump instead.
 */
async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  const config = readConfig();
  if (config.databaseUrl) throw new Error('Expected the embedded database, but DATABASE_URL names a server: back it up with pg_dump (README, "Backup and restore")');
  if (!file || (command !== 'backup' && command !== 'restore')) throw new Error('Expected: backup <file.tar.gz> or restore <file.tar.gz>');
  if (command === 'backup') {
    const bytes = await backupPglite(config.dataDir, file);
    console.log(`Backed up ${config.dataDir} to ${file} (${bytes} bytes)`);
  } else {
    await restorePglite(file, config.dataDir);
    console.log(`Restored ${file} into ${config.dataDir}; start the application on it`);
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
