import type { Knex } from 'knex';

/**
 * The directory: departments (each with its cloud chief, Art. 7(4)), users and their groups. Group ids are
 * the role ids of the regulation's parties (Art. 4): user-unit, cloud-chief, big-data-bureau, finance, drc,
 * info-center, vendor, expert, government, evaluator, auditor, process-owner.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('name_en', 200).notNullable();
    // Username of the department's cloud chief (云长); set once the user exists.
    t.string('cloud_chief', 64);
  });
  await knex.schema.createTable('users', (t) => {
    t.string('username', 64).primary();
    t.string('display_name', 200).notNullable();
    // scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>
    t.text('password_hash').notNullable();
    // The department a user works for; null for bodies outside the departments (Bureau, Finance, experts…).
    t.string('department_id', 64).references('departments.id');
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('user_groups', (t) => {
    t.string('username', 64).notNullable().references('users.username').onDelete('CASCADE');
    t.string('group_id', 64).notNullable();
    t.primary(['username', 'group_id']);
    t.index(['group_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_groups');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('departments');
}
