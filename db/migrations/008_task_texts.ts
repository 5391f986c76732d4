import type { Knex } from 'knex';

/**
 * A task's title and routing reason as codes with parameters (domain/tasks/texts.ts), which
 * the back office words in the reader's language. `title` and `routing_reason` stay as the
 * stored text auditors read. Tasks from before are given codes from their step and payload,
 * the same the workflows now pass.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.text('title_code');
    t.jsonb('title_params').notNullable().defaultTo('{}');
    t.text('routing_code');
    t.jsonb('routing_params').notNullable().defaultTo('{}');
  });
  await knex.raw(`
    UPDATE tasks SET
      title_code = 'disconnection-approval',
      title_params = jsonb_strip_nulls(jsonb_build_object('level', step_seq, 'customers', COALESCE((payload->>'customers')::int, 0), 'applicantName', payload->>'applicantName')),
      routing_code = 'approval-level',
      routing_params = jsonb_build_object('level', step_seq, 'roles', to_jsonb(candidate_roles))
    WHERE step = 'disconnection-approval' AND title_code IS NULL`);
  await knex.raw(`
    UPDATE tasks SET
      title_code = 'disconnection-re-check',
      title_params = jsonb_build_object('payerCount', COALESCE((payload->>'payerCount')::int, jsonb_array_length(COALESCE(payload->'payers', '[]'::jsonb)))),
      routing_code = 'payers-since-application',
      routing_params = '{}'::jsonb
    WHERE step = 'disconnection-re-check' AND title_code IS NULL`);
  await knex.raw(`
    UPDATE tasks SET
      title_code = 'manual-outage-entry',
      title_params = jsonb_build_object('customerNo', COALESCE(payload->>'customerNo', ''), 'customerName', COALESCE(payload->>'customerName', '')),
      routing_code = 'trip-failed',
      routing_params = jsonb_build_object('failureCode', COALESCE(payload->'failure'->>'code', ''))
    WHERE step = 'manual-outage-entry' AND title_code IS NULL`);
  await knex.raw(`
    UPDATE tasks t SET
      title_code = 'manual-reconnection',
      title_params = jsonb_build_object('customerNo', COALESCE(t.payload->>'customerNo', ''), 'customerName', COALESCE(t.payload->>'customerName', ''), 'orderNo', COALESCE(t.payload->>'orderNo', '')),
      routing_code = CASE WHEN u.display_name IS NULL THEN 'no-segment-collector' ELSE 'segment-collector' END,
      routing_params = jsonb_strip_nulls(jsonb_build_object('collectorName', u.display_name, 'reason', t.payload->>'reason'))
    FROM tasks t2 LEFT JOIN users u ON u.id = t2.candidate_user_ids[1]
    WHERE t2.id = t.id AND t.step = 'manual-reconnection' AND t.title_code IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('routing_params');
    t.dropColumn('routing_code');
    t.dropColumn('title_params');
    t.dropColumn('title_code');
  });
}
