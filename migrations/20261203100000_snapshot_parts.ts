import type { Knex } from 'knex';

/**
 * A snapshot is stored as numbered parts of about a megabyte each instead of one text. One text of the whole
 * state had to exist in memory at once, both as a JavaScript string (V8 caps a string at about 512 M
 * characters, some 450,000 waiting instances) and inside embedded PGlite, whose WebAssembly memory grows to
 * the largest value it has carried and never shrinks. Existing snapshots become part 0 of their position.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('engine_snapshots', (t) => {
    t.integer('part').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('engine_snapshots', (t) => {
    t.dropPrimary();
    t.primary(['position', 'part']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('delete from engine_snapshots where part > 0');
  await knex.schema.alterTable('engine_snapshots', (t) => {
    t.dropPrimary();
    t.primary(['position']);
  });
  await knex.schema.alterTable('engine_snapshots', (t) => {
    t.dropColumn('part');
  });
}
