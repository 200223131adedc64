import type { Knex } from 'knex';

/**
 * The engine's event log (Zeebe's record model, one row per record) and its state snapshots.
 * The log is the source of truth; a snapshot is only a shortcut for a faster restart.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('engine_records', (t) => {
    t.bigInteger('position').primary();
    t.bigInteger('source_record_position').notNullable();
    t.bigInteger('key').notNullable();
    t.bigInteger('timestamp').notNullable();
    t.string('record_type', 20).notNullable();
    t.string('value_type', 40).notNullable();
    t.string('intent', 40).notNullable();
    t.string('rejection_type', 40);
    t.text('rejection_reason');
    t.bigInteger('process_instance_key');
    // The value's JSON text exactly as hashed (cast to jsonb to query it).
    t.text('value').notNullable();
    // sha256 over the previous record's hash and this record: an altered or removed record breaks the chain.
    t.string('hash', 64).notNullable();
    t.index(['process_instance_key', 'position']);
  });
  await knex.schema.createTable('engine_snapshots', (t) => {
    t.bigInteger('position').primary();
    t.bigInteger('created_at').notNullable();
    t.text('state').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('engine_snapshots');
  await knex.schema.dropTable('engine_records');
}
