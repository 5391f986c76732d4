import { z } from 'zod/v4';
import { policyRefusal, strictGroup } from '../policies/schema-parts';

/** The `tasks` settings group: how people's tasks behave beyond each process's own steps. */
export interface TaskSettings {
  /** A handler urged again within this many minutes is not texted again (0: every urge texts). */
  urgeSmsIntervalMinutes: number;
}

export const DEFAULT_TASK_SETTINGS: TaskSettings = { urgeSmsIntervalMinutes: 30 };

const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** The `tasks` settings as a whole: a missing field is a mistake, not a reset to the default. */
export const taskSettingsSchema: z.ZodType<TaskSettings, unknown> = strictGroup(
  {
    urgeSmsIntervalMinutes: z
      .int({ error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` })
      .min(0, { error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` })
      .max(MAX_INTERVAL_MINUTES, { error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` }),
  },
  'must be an object {urgeSmsIntervalMinutes}',
);

export function parseTaskSettings(raw: unknown): TaskSettings {
  const parsed = taskSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(policyRefusal(parsed.error.issues, 'task settings'));
  return parsed.data;
}
