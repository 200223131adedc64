import type { Knex } from 'knex';

/** Expert review panels (Art. 9, Art. 14): who was drawn, for what, and when; never edited afterwards. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('review_panels', (t) => {
    t.increments('id');
    t.text('subject').notNullable();
    // The applying department, whose experts may not sit on the panel.
    t.string('department_id', 64);
    t.string('project_id', 64);
    t.string('process_instance_key', 24).notNullable();
    t.jsonb('experts').notNullable();
    t.timestamp('convened_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('review_panels');
}
