import type { Knex } from 'knex';

/**
 * Photos of a repair order's fault (issue 12): JPEG or PNG bytes kept in the database with
 * the order, at most a few per order (the repair policy's `photos`), one row per distinct
 * image (sha256) per order. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_photos', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.text('content_type').notNullable().checkIn(['image/jpeg', 'image/png'], 'repair_photos_content_type_check');
    t.binary('bytes').notNullable();
    t.integer('byte_size').notNullable();
    /** Read from the header (PNG IHDR, JPEG SOF); null when the header does not say. */
    t.integer('width');
    t.integer('height');
    t.text('sha256').notNullable();
    t.integer('uploaded_by_id').references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['order_id', 'sha256'], { indexName: 'repair_photos_order_sha256' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('repair_photos');
}
