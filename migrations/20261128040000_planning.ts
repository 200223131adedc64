import type { Knex } from 'knex';

/**
 * Plans and budgets (Art. 6–11): the approved regional annual plan and its items, out-of-plan applications
 * (Art. 10), and the yearly budget with each department's allocations (Art. 11). Money is decimal(16,2)
 * yuan, read back as strings, never as floating point.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plans', (t) => {
    t.increments('id');
    t.integer('plan_year').notNullable();
    // approved: the government approved it (Art. 9); Art. 10 additions join the approved plan of the year.
    t.string('status', 20).notNullable().defaultTo('approved');
    t.decimal('total', 16, 2).notNullable();
    // Totals per department, departments left out with their reason (Art. 30), the review record (Art. 9).
    t.jsonb('summary').notNullable();
    t.string('process_instance_key', 24);
    t.timestamp('approved_at', { useTz: true }).notNullable();
    t.index(['plan_year', 'status']);
  });
  await knex.schema.createTable('plan_items', (t) => {
    t.increments('id');
    t.integer('plan_id').notNullable().references('plans.id');
    t.string('project_id', 64).notNullable().references('projects.id');
    t.string('department_id', 64).notNullable().references('departments.id');
    t.string('name', 300).notNullable();
    t.string('category', 40).notNullable();
    t.string('kind', 20).notNullable();
    t.string('funding_source', 20).notNullable();
    t.decimal('estimate', 16, 2).notNullable();
    // Art. 8: items serving major decisions of the Party committee and government come first.
    t.boolean('priority').notNullable().defaultTo(false);
    // Art. 25: domestic database / operating system / chips the item uses.
    t.jsonb('domestic_products').notNullable();
    // annual (Art. 6–9) | out-of-plan (Art. 10)
    t.string('source', 20).notNullable();
    t.integer('position').notNullable();
    t.unique(['project_id']);
  });
  await knex.schema.createTable('out_of_plan_applications', (t) => {
    t.increments('id');
    t.string('department_id', 64).notNullable().references('departments.id');
    t.integer('plan_year').notNullable();
    t.jsonb('item').notNullable();
    // party-committee | government (Art. 10: only their temporary arrangements qualify)
    t.string('ordered_by', 30).notNullable();
    t.string('order_reference', 200);
    // approved | rejected
    t.string('status', 20).notNullable();
    t.text('reason');
    t.string('project_id', 64).references('projects.id');
    t.string('process_instance_key', 24);
    t.timestamp('decided_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('budgets', (t) => {
    t.increments('id');
    t.integer('year').notNullable();
    // Art. 11: the amount Finance allots for Digital Guangxi; allocations never exceed it.
    t.decimal('allotment', 16, 2).notNullable();
    t.decimal('allocated', 16, 2).notNullable();
    t.string('allotment_reference', 200);
    t.jsonb('review').notNullable();
    t.string('process_instance_key', 24);
    t.timestamp('confirmed_at', { useTz: true }).notNullable();
    t.index(['year']);
  });
  await knex.schema.createTable('budget_allocations', (t) => {
    t.increments('id');
    t.integer('budget_id').notNullable().references('budgets.id');
    t.string('department_id', 64).notNullable().references('departments.id');
    t.string('project_id', 64).references('projects.id');
    t.string('contract_id', 64).references('contracts.id');
    // construction-commitment | operation-commitment | new-item
    t.string('kind', 30).notNullable();
    t.decimal('amount', 16, 2).notNullable();
    // false: listed as unfunded because it did not fit the allotment (Art. 11), never silently dropped.
    t.boolean('funded').notNullable();
    t.index(['budget_id', 'department_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('budget_allocations');
  await knex.schema.dropTable('budgets');
  await knex.schema.dropTable('out_of_plan_applications');
  await knex.schema.dropTable('plan_items');
  await knex.schema.dropTable('plans');
}
