import type { Knex } from 'knex';

/**
 * The task list: user tasks imported from io.camunda.zeebe:userTask jobs, their comments, and the operation
 * log of everything users do (Auditor views read it later).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tasks', (t) => {
    // The job key: the import is idempotent on it, and it is the task's id in URLs and the API.
    t.string('id', 32).primary();
    t.string('process_instance_key', 32).notNullable();
    t.string('bpmn_process_id', 200).notNullable();
    t.string('process_name', 300).notNullable();
    t.string('element_id', 200).notNullable();
    t.string('element_name', 300).notNullable();
    // From the instance's departmentId variable; null for tasks that concern no single department.
    t.string('department_id', 64);
    t.string('form_key', 300);
    t.string('assignee', 64);
    t.jsonb('candidate_groups').notNullable().defaultTo('[]');
    t.jsonb('candidate_users').notNullable().defaultTo('[]');
    t.timestamp('due_date', { useTz: true });
    t.timestamp('follow_up_date', { useTz: true });
    t.jsonb('variables').notNullable().defaultTo('{}');
    // open | completing | completed | gone (the job vanished: instance cancelled, or completed elsewhere)
    t.string('state', 16).notNullable().defaultTo('open');
    t.timestamp('created_at', { useTz: true }).notNullable();
    // The job's deadline as of the last activation: a live job is handed to us again after it.
    t.timestamp('lease_until', { useTz: true }).notNullable();
    t.integer('activations').notNullable().defaultTo(1);
    t.string('completed_by', 64);
    t.timestamp('closed_at', { useTz: true });
    t.index(['state', 'due_date']);
    t.index(['state', 'created_at']);
    t.index(['process_instance_key']);
  });
  await knex.schema.createTable('task_comments', (t) => {
    t.increments('id');
    t.string('task_id', 32).notNullable().references('tasks.id');
    t.string('author', 64).notNullable();
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['task_id']);
  });
  // Sessions ended by logout before their token expired; rows can be dropped once expires_at has passed.
  await knex.schema.createTable('revoked_sessions', (t) => {
    t.string('jti', 64).primary();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('operation_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable();
    // The username, or the name tried for a failed login (which may not exist).
    t.string('username', 200).notNullable();
    // login | login-failed | logout | claim | unclaim | assign | complete | comment
    t.string('action', 32).notNullable();
    t.string('task_id', 32);
    t.string('process_instance_key', 32);
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.index(['task_id']);
    t.index(['username', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('operation_log');
  await knex.schema.dropTable('revoked_sessions');
  await knex.schema.dropTable('task_comments');
  await knex.schema.dropTable('tasks');
}
