import type { Knex } from 'knex';

/**
 * The process owners' modeler: drafts of diagrams and forms (the latest save of each, with author and
 * time), and every deployment made from the modeler with who made it (the engine does not know users).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('modeler_drafts', (t) => {
    // 'bpmn' (resource_id is the bpmnProcessId) or 'form' (resource_id is the form's id).
    t.string('kind', 8).notNullable();
    t.string('resource_id', 200).notNullable();
    // The resource name it is deployed under, e.g. budget-arrangement.bpmn.
    t.string('resource_name', 300).notNullable();
    t.text('content').notNullable();
    t.string('saved_by', 64).notNullable();
    t.timestamp('saved_at', { useTz: true }).notNullable();
    t.primary(['kind', 'resource_id']);
  });
  await knex.schema.createTable('modeler_deployments', (t) => {
    t.bigIncrements('id');
    t.string('kind', 8).notNullable();
    t.string('resource_id', 200).notNullable();
    t.string('resource_name', 300).notNullable();
    // As the engine answered: the version, and the key of the definition (process or form).
    t.integer('version').notNullable();
    t.string('definition_key', 32).notNullable();
    t.string('deployment_key', 32).notNullable();
    // The engine recognised an unchanged resource and kept its version.
    t.boolean('unchanged').notNullable();
    // What was deployed: the diff between versions works from this against a real Zeebe too.
    t.text('content').notNullable();
    t.string('deployed_by', 64).notNullable();
    t.timestamp('deployed_at', { useTz: true }).notNullable();
    t.index(['kind', 'resource_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('modeler_deployments');
  await knex.schema.dropTable('modeler_drafts');
}
