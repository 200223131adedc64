import type { Knex } from 'knex';

/**
 * Unique indexes behind the planning chapter's duplicate checks, which alone let two concurrent or retried
 * jobs both pass on the PostgreSQL server. Art. 10: an out-of-plan application is decided once, so one
 * record per process instance, and a project joins the plan through one application. Art. 11: one
 * confirmed budget per year; within it, one allocation per thing that asks for money: each contract in
 * term, and each project counted without a contract (under construction without one, or a new item).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('out_of_plan_applications', (t) => {
    t.unique(['process_instance_key'], { indexName: 'out_of_plan_applications_one_per_instance' });
    t.unique(['project_id'], { indexName: 'out_of_plan_applications_one_per_project' });
  });
  await knex.schema.alterTable('budgets', (t) => {
    t.unique(['year'], { indexName: 'budgets_one_per_year' });
  });
  await knex.raw(`create unique index budget_allocations_one_per_contract on budget_allocations (budget_id, contract_id) where contract_id is not null`);
  await knex.raw(`create unique index budget_allocations_one_per_project on budget_allocations (budget_id, project_id) where contract_id is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index budget_allocations_one_per_project');
  await knex.raw('drop index budget_allocations_one_per_contract');
  await knex.schema.alterTable('budgets', (t) => {
    t.dropUnique(['year'], 'budgets_one_per_year');
  });
  await knex.schema.alterTable('out_of_plan_applications', (t) => {
    t.dropUnique(['project_id'], 'out_of_plan_applications_one_per_project');
    t.dropUnique(['process_instance_key'], 'out_of_plan_applications_one_per_instance');
  });
}
