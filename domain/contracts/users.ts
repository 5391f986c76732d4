/** Staff users and what an administrator sends to create or change one (api/users/routes.ts). */
import { z } from 'zod/v4';
import { ROLES } from '../permissions';
import { isStorableText } from '../storable-text';
import { id } from './common';

/** The languages the back office speaks (its i18n catalogs). */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const userRecord = z
  .strictObject({
    id,
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    phone: z.string().nullable(),
    locale: z.enum(LOCALES),
    /** Whom this user's overdue tasks escalate to. */
    supervisorId: id.nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userRecord>;

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const PHONE = /^\+?\d{5,15}$/;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const username = z.string().regex(USERNAME, '2-32 lower-case letters, digits, . _ -');
const displayName = z
  .string('1-64 characters')
  .max(64, '1-64 characters')
  .trim()
  .min(1, '1-64 characters')
  .refine(isStorableText, 'holds a character that cannot be stored');
const rolesProblem = `a list of ${ROLES.join(', ')}`;
const roles = z.array(z.enum(ROLES, rolesProblem), rolesProblem);
/** Empty or null clears the number. */
const phone = z.union([z.string().regex(PHONE), z.literal('')], 'a mobile number of digits').nullish();
const locale = z.enum(LOCALES, 'zh-CN or en');
const supervisorId = id.nullable().describe('the id of another user, or null');
const password = z
  .string('password must be text')
  .min(MIN_PASSWORD_LENGTH, `password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password must have at most ${MAX_PASSWORD_LENGTH} characters`);

export const userCreateRequest = z
  .object({
    username,
    displayName,
    roles,
    phone,
    locale: locale.optional(),
    supervisorId: supervisorId.optional(),
    active: z.boolean().optional(),
    password,
  })
  .meta({ id: 'UserCreateRequest' });
export type UserCreateRequest = z.infer<typeof userCreateRequest>;

/** A change: only the fields sent change; a form sends the whole record (id and username are ignored). */
export const userUpdateRequest = z
  .object({
    displayName: displayName.optional(),
    roles: roles.optional(),
    phone,
    locale: locale.optional(),
    supervisorId: supervisorId.optional(),
    active: z.boolean().optional(),
    /** Empty or null keeps the password. */
    password: z.union([password, z.literal('')]).nullish(),
  })
  .meta({ id: 'UserUpdateRequest' });
export type UserUpdateRequest = z.infer<typeof userUpdateRequest>;
