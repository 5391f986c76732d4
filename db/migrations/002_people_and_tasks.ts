import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('display_name').notNullable();
    // scrypt: memory-hard, in node:crypto; the string carries its own parameters and salt.
    t.text('password_hash').notNullable();
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.text('phone');
    t.text('locale').notNullable().defaultTo('zh-CN');
    t.integer('supervisor_id').references('users.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sessions', (t) => {
    // Only a hash of the cookie value is stored: a database leak hands out no sessions.
    t.text('token_sha256').primary();
    t.integer('user_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });

  await knex.schema.alterTable('segments', (t) => {
    t.integer('collector_user_id').references('users.id');
  });

  // A case is one run of a process's workflow, as people see it.
  await knex.schema.createTable('cases', (t) => {
    t.increments('id');
    t.text('type').notNullable();
    t.text('title').notNullable();
    t.integer('customer_id').references('customers.id');
    t.text('state').notNullable().defaultTo('running').checkIn(['running', 'completed', 'failed'], 'cases_state_check');
    t.text('current_step').notNullable().defaultTo('started');
    t.text('workflow_id').notNullable();
    t.text('workflow_run_id').notNullable().unique();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.index(['started_at']);
    t.index(['customer_id']);
  });

  await knex.schema.createTable('tasks', (t) => {
    t.bigIncrements('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.text('workflow_id').notNullable();
    t.text('workflow_run_id').notNullable();
    t.text('step').notNullable();
    /** The n-th task of this step in the run: an activity retry finds the task it made. */
    t.integer('step_seq').notNullable();
    t.text('title').notNullable();
    t.integer('customer_id').references('customers.id');
    t.specificType('candidate_roles', 'text[]').notNullable().defaultTo('{}');
    t.specificType('candidate_user_ids', 'integer[]').notNullable().defaultTo('{}');
    t.integer('assignee_id').references('users.id');
    t.integer('acting_for_id').references('users.id');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.smallint('priority').notNullable().defaultTo(3);
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'completed', 'cancelled'], 'tasks_state_check');
    t.boolean('overdue').notNullable().defaultTo(false);
    t.smallint('escalation_level').notNullable().defaultTo(0);
    t.integer('urge_count').notNullable().defaultTo(0);
    t.text('routing_reason').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.jsonb('result');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.integer('completed_by_id').references('users.id');
    t.unique(['workflow_run_id', 'step', 'step_seq']);
    t.index(['case_id']);
  });
  // The inbox reads open tasks by due time, by candidate role or user, and by assignee.
  await knex.raw('CREATE INDEX tasks_open_due ON tasks (due_at) WHERE state = \'open\'');
  await knex.raw('CREATE INDEX tasks_candidate_roles ON tasks USING gin (candidate_roles)');
  await knex.raw('CREATE INDEX tasks_candidate_users ON tasks USING gin (candidate_user_ids)');
  await knex.raw('CREATE INDEX tasks_assignee ON tasks (assignee_id, state)');
  await knex.raw('CREATE INDEX tasks_completed_by ON tasks (completed_by_id, completed_at)');

  await knex.schema.alterTable('events', (t) => {
    t.integer('case_id').references('cases.id');
    t.bigInteger('task_id').references('tasks.id');
    t.index(['case_id', 'at']);
    t.index(['task_id']);
  });

  await knex.schema.alterTable('work_orders', (t) => {
    t.integer('case_id').references('cases.id');
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.integer('case_id').references('cases.id');
    t.index(['case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => t.dropColumn('case_id'));
  await knex.schema.alterTable('work_orders', (t) => t.dropColumn('case_id'));
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('task_id');
    t.dropColumn('case_id');
  });
  await knex.schema.dropTable('tasks');
  await knex.schema.dropTable('cases');
  await knex.schema.alterTable('segments', (t) => t.dropColumn('collector_user_id'));
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
