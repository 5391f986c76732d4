/** GET /api/health: each dependency and whether it answers (api/health.ts). */
import { z } from 'zod/v4';

export const DEPENDENCY_STATES = ['up', 'down'] as const;
export type DependencyState = (typeof DEPENDENCY_STATES)[number];

export const healthRecord = z
  .strictObject({
    ok: z.boolean(),
    dependencies: z.strictObject({ database: z.enum(DEPENDENCY_STATES), temporal: z.enum(DEPENDENCY_STATES) }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthRecord>;
