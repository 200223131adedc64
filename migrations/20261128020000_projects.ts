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
  // Art. 16: the tripartite contract. Art. 29 suspends it while findings are unrectified.
  await knex.schema.createTable('contracts', (t) => {
    t.string('id', 64).primary();
    t.string('project_id', 64).notNullable().references('projects.id');
    t.string('user_unit', 64).notNullable();
    t.string('construction_unit', 200).notNullable();
    t.string('implementing_unit', 200).notNullable();
    // The vendor's user in the directory, when it has one (the vendor group's tasks are theirs).
    t.string('vendor_username', 64);
    t.date('start_date').notNullable();
    t.date('end_date').notNullable();
    t.decimal('amount', 16, 2);
    // active | suspended | ended
    t.string('status', 20).notNullable().defaultTo('active');
    t.text('suspension_reason');
    // Art. 16 says 原则上: a term above 36 months needs the Bureau's recorded, reasoned exception.
    t.text('term_exception_reason');
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.index(['project_id']);
  });
  // Art. 30: a user unit that did not carry out Digital Guangxi requirements is flagged for a plan year.
  await knex.schema.createTable('department_flags', (t) => {
    t.increments('id');
    t.string('department_id', 64).notNullable().references('departments.id');
    t.integer('plan_year').notNullable();
    t.text('reason').notNullable();
    t.string('flagged_by', 64);
    t.timestamp('flagged_at', { useTz: true }).notNullable();
    t.index(['plan_year', 'department_id']);
  });
  // Art. 31–32: dual-evaluation scores, per vendor and per department, used in next year's planning.
  await knex.schema.createTable('evaluation_scores', (t) => {
    t.increments('id');
    t.integer('year').notNullable();
    // vendor | department
    t.string('subject_type', 20).notNullable();
    t.string('subject_id', 200).notNullable();
    t.decimal('score', 5, 2).notNullable();
    t.text('comment');
    t.string('process_instance_key', 24);
    t.unique(['year', 'subject_type', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evaluation_scores');
  await knex.schema.dropTable('department_flags');
  await knex.schema.dropTable('contracts');
  await knex.schema.dropTable('project_archive');
  await knex.schema.dropTable('projects');
}
