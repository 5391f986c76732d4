import type { Knex } from 'knex';

/**
 * A revisit's supervisor may reopen the rated order (issue 14): the repair goes back to its
 * crew through the repair workflow, and the revisit waits for it. The revisit keeps when and
 * which workflow redoes the order, and when it was done again; the order's events name the
 * revisit (`repair.reopened`, `repair.redone`), so each links to the other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('revisits', (t) => {
    t.timestamp('reopened_at', { useTz: true });
    t.text('reopen_workflow_id');
    t.timestamp('redone_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('revisits', (t) => {
    t.dropColumn('redone_at');
    t.dropColumn('reopen_workflow_id');
    t.dropColumn('reopened_at');
  });
}
