/**
 * Process parameters (api/settings/routes.ts). Each value's own shape is its policy's
 * (domain/disconnection/policy.ts, domain/reconnection/policy.ts, domain/tasks/urging.ts).
 */
import { z } from 'zod/v4';
import { timestamp } from './common';

export const settingRecord = z
  .strictObject({
    /** The setting's key (reconnection, disconnection, tasks): react-admin needs an `id`. */
    id: z.string(),
    value: z.unknown().describe("the parameter set; its policy's validator checks it"),
    updatedAt: timestamp,
  })
  .meta({ id: 'Setting' });
export type Setting = z.infer<typeof settingRecord>;

/** A change: the whole parameter set, which the key's validator checks before it is stored. */
export const settingUpdateRequest = z.object({ value: z.record(z.string(), z.unknown()) }).meta({ id: 'SettingUpdateRequest' });
export type SettingUpdateRequest = z.infer<typeof settingUpdateRequest>;
