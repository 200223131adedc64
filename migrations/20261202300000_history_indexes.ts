import type { Knex } from 'knex';

/**
 * Auditor views: instance search reads the lifecycle rows of each process instance (the records whose key is
 * the instance key) and replay reads the PROCESS record of a definition by its key. Without these two partial
 * indexes both scan the whole log (see bench/README.md, "History search"); with them they read only the rows
 * they need. Partial, so the log's write path pays almost nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index engine_records_instance_lifecycle on engine_records (process_instance_key, intent)
      where value_type = 'PROCESS_INSTANCE' and record_type = 'EVENT' and key = process_instance_key`,
  );
  await knex.raw(`create index engine_records_definitions on engine_records (key) where value_type = 'PROCESS' and record_type = 'EVENT'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index engine_records_definitions');
  await knex.raw('drop index engine_records_instance_lifecycle');
}
