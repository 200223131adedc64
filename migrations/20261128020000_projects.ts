import type { Knex } from 'knex';

/**
 * Projects (Art. 2–3) and their archive (Art. 23). Every chapter's workers read and write these; a chapter
 * adds its own tables (plans, contracts, inspections…) in its own migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projects', (t) => {
    t.string('id', 64).primary();
    t.string('name', 300).notNullable();
    t.string('department_id', 64).notNullable().references('departments.id');
    // Art. 2: infrastructure | application | information-resources | security
    t.string('category', 40).notNullable();
    // Art. 2: new | extension | upgrade
    t.string('kind', 20).notNullable();
    // Art. 3: regional | central | special
    t.string('funding_source', 20).notNullable();
    // The plan year whose approved plan holds the project (Art. 5); null until it is in an approved plan.
    t.integer('plan_year');
    // planned | approved | in-construction | accepted | in-operation | closed
    t.string('status', 30).notNullable().defaultTo('planned');
    // Yuan, as a decimal string: money never goes through floating point.
    t.decimal('estimate', 16, 2);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('project_archive', (t) => {
    t.increments('id');
    t.string('project_id', 64).notNullable().references('projects.id');
    // What was filed: requirements-report, scheme, review, contract, acceptance-report, exception-decision…
    t.string('kind', 60).notNullable();
    t.string('title', 300).notNullable();
    t.jsonb('content').notNullable();
    t.string('filed_by', 64);
    t.string('process_instance_key', 24);
    t.timestamp('filed_at', { useTz: true }).notNullable();
    t.index(['project_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('project_archive');
  await knex.schema.dropTable('projects');
}
