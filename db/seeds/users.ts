import { hashPassword } from '../../api/auth/password';
import type { Role } from '../../domain/permissions';
import type { Db } from '../connection';

export interface UserSpec {
  username: string;
  displayName?: string;
  password?: string;
  roles: Role[];
  phone?: string | null;
  supervisorId?: number | null;
  locale?: 'zh-CN' | 'en';
}

/** Inserts a staff user; demo data and tests use it. */
export async function insertUser(db: Db, spec: UserSpec): Promise<number> {
  const [{ id }] = await db('users')
    .insert({
      username: spec.username,
      display_name: spec.displayName ?? spec.username,
      password_hash: await hashPassword(spec.password ?? 'gridflow-demo-password'),
      roles: spec.roles,
      phone: spec.phone ?? null,
      supervisor_id: spec.supervisorId ?? null,
      locale: spec.locale ?? 'zh-CN',
    })
    .returning('id');
  return id;
}
