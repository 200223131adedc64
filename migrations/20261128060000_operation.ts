import type { Knex } from 'knex';

/**
 * Operation and supervision (Art. 24–32): yearly security assessments, supervision inspections with their
 * findings, and the dual-evaluation reports. Contracts, department flags, scores and the archive are shared
 * tables of 20261128020000_projects.
 */
export async function up(knex: Knex): Promise<void> {
  // Art. 25: one row per yearly security test and risk assessment of a system in operation.
  await knex.schema.createTable('security_assessments', (t) => {
    t.increments('id');
    t.string('project_id', 64).notNullable().references('projects.id');
    t.string('process_instance_key', 24);
    t.date('test_date').notNullable();
    // low | medium | high
    t.string('risk_level', 10).notNullable();
    // [{ area, party }]: each kind of finding with the party Art. 24 makes answer for it.
    t.jsonb('responsibilities').notNullable();
    t.text('findings');
    // Art. 25 encourages domestic databases, operating systems and server chips.
    t.boolean('domestic_database').notNullable();
    t.boolean('domestic_os').notNullable();
    t.boolean('domestic_chips').notNullable();
    // The group that reviewed the system's security management (Art. 24): user-unit or big-data-bureau.
    t.string('reviewed_by_group', 40).notNullable();
    t.text('review_comment');
    t.text('acknowledgement_comment');
    t.timestamp('assessed_at', { useTz: true }).notNullable();
    t.index(['project_id', 'assessed_at']);
  });
  // Art. 28–29: every inspection (and re-inspection) of a vendor's service against the contract.
  await knex.schema.createTable('supervision_inspections', (t) => {
    t.increments('id');
    t.string('project_id', 64).notNullable().references('projects.id');
    t.string('contract_id', 64).notNullable().references('contracts.id');
    t.string('process_instance_key', 24);
    t.integer('round').notNullable();
    t.text('materials');
    t.boolean('materials_confirmed_truthful').notNullable();
    // passed | findings | still-non-compliant
    t.string('outcome', 30).notNullable();
    t.boolean('major_problem').notNullable().defaultTo(false);
    t.text('liability_note');
    // On a re-inspection: what the vendor reported it had done since the last one.
    t.text('rectification_measures');
    t.timestamp('inspected_at', { useTz: true }).notNullable();
    t.index(['project_id', 'inspected_at']);
  });
  await knex.schema.createTable('supervision_findings', (t) => {
    t.increments('id');
    t.integer('inspection_id').notNullable().references('supervision_inspections.id');
    // One of the five kinds of Art. 29.
    t.string('finding_type', 40).notNullable();
    t.text('details');
  });
  // Art. 31: the dual-evaluation report sent to the government.
  await knex.schema.createTable('evaluation_reports', (t) => {
    t.increments('id');
    t.integer('year').notNullable();
    t.text('summary').notNullable();
    t.string('process_instance_key', 24);
    t.timestamp('reported_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evaluation_reports');
  await knex.schema.dropTable('supervision_findings');
  await knex.schema.dropTable('supervision_inspections');
  await knex.schema.dropTable('security_assessments');
}
