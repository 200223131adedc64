import type { Knex } from 'knex';

/**
 * Guards against a retried job writing twice. A job keeps its key across retries and time-outs, so rows a
 * worker writes carry the job's key under a unique index: a second attempt (or a second worker holding the
 * same timed-out job) finds the first attempt's rows instead of adding its own. Also one approved plan per
 * year (Art. 9, Art. 10) with unique positions, so concurrent out-of-plan additions cannot open two.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review_panels', (t) => {
    t.string('job_key', 24).unique();
  });
  // A job files at most one archive entry of each kind.
  await knex.schema.alterTable('project_archive', (t) => {
    t.string('job_key', 24);
    t.unique(['job_key', 'kind']);
  });
  await knex.schema.alterTable('supervision_inspections', (t) => {
    t.string('job_key', 24).unique();
    // The contract's state when inspected: a retry recomputes the same Art. 29 transition from it.
    t.string('contract_status_before', 20);
  });
  await knex.schema.alterTable('evaluation_reports', (t) => {
    t.string('job_key', 24).unique();
  });
  await knex.schema.alterTable('department_flags', (t) => {
    t.string('job_key', 24);
    t.unique(['job_key', 'department_id']);
  });
  await knex.schema.alterTable('plan_items', (t) => {
    // The annual-planning round that approved the item, so a retried write finds its items.
    t.string('process_instance_key', 24);
    t.unique(['plan_id', 'position']);
  });
  await knex.raw(`create unique index plans_one_approved_per_year on plans (plan_year) where status = 'approved'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index plans_one_approved_per_year');
  await knex.schema.alterTable('plan_items', (t) => {
    t.dropUnique(['plan_id', 'position']);
    t.dropColumn('process_instance_key');
  });
  await knex.schema.alterTable('department_flags', (t) => {
    t.dropUnique(['job_key', 'department_id']);
    t.dropColumn('job_key');
  });
  await knex.schema.alterTable('evaluation_reports', (t) => {
    t.dropColumn('job_key');
  });
  await knex.schema.alterTable('supervision_inspections', (t) => {
    t.dropColumn('contract_status_before');
    t.dropColumn('job_key');
  });
  await knex.schema.alterTable('project_archive', (t) => {
    t.dropUnique(['job_key', 'kind']);
    t.dropColumn('job_key');
  });
  await knex.schema.alterTable('review_panels', (t) => {
    t.dropColumn('job_key');
  });
}
