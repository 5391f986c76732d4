import type { Knex } from 'knex';
import { DEFAULT_DISCONNECTION_POLICY } from '../../domain/disconnection/policy';

export async function up(knex: Knex): Promise<void> {
  await knex('settings').insert({ key: 'disconnection', value: JSON.stringify(DEFAULT_DISCONNECTION_POLICY) }).onConflict('key').ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('settings').where({ key: 'disconnection' }).delete();
}
