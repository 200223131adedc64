import type { Knex } from 'knex';
import { migrate } from '../../src/db';
import { seedDemoData } from '../../src/seed/demo-seed';
import { openTestDatabase } from './engine';

/**
 * A test's own database, migrated and holding the demo directory, projects and 2027 plan: what the
 * application's data-access code and workers find on a fresh `npm start`, without an engine.
 */
export async function openSeededDatabase(): Promise<{ db: Knex; drop: () => Promise<void> }> {
  const opened = await openTestDatabase();
  await migrate(opened.db);
  await seedDemoData(opened.db);
  return opened;
}
