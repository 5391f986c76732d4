/** The `tasks` settings group: how people's tasks behave beyond each process's own steps. */
export interface TaskSettings {
  /** A handler urged again within this many minutes is not texted again (0: every urge texts). */
  urgeSmsIntervalMinutes: number;
}

export const DEFAULT_TASK_SETTINGS: TaskSettings = { urgeSmsIntervalMinutes: 30 };

const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** Validates the `tasks` settings as a whole: a missing field is a mistake, not a reset to the default. */
export function parseTaskSettings(raw: unknown): TaskSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('task settings must be an object {urgeSmsIntervalMinutes}');
  const { urgeSmsIntervalMinutes, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new Error(`unknown task setting(s) ${unknown.join(', ')}; allowed: urgeSmsIntervalMinutes`);
  if (typeof urgeSmsIntervalMinutes !== 'number' || !Number.isInteger(urgeSmsIntervalMinutes) || urgeSmsIntervalMinutes < 0 || urgeSmsIntervalMinutes > MAX_INTERVAL_MINUTES) {
    throw new Error(`urgeSmsIntervalMinutes must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(urgeSmsIntervalMinutes)}`);
  }
  return { urgeSmsIntervalMinutes };
}
