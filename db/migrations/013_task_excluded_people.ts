import type { Knex } from 'knex';

/**
 * The people a task's workflow refuses whatever their roles (an applicant for their own
 * application, an earlier level's approver): the people pickers leave them out and the API
 * does not hand them the task.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE tasks ADD COLUMN excluded_user_ids integer[] NOT NULL DEFAULT '{}'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tasks DROP COLUMN excluded_user_ids');
}
