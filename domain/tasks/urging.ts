import { z } from 'zod/v4';
import { policyRefusal, strictGroup, templateText } from '../policies/schema-parts';

/** The `tasks` settings group: how people's tasks behave beyond each process's own steps. */
export interface TaskSettings {
  /** A handler urged again within this many minutes is not texted again (0: every urge texts). */
  urgeSmsIntervalMinutes: number;
  /** The SMS texts to the people on a task, written by designers like every other message. */
  templates: { taskOverdue: string; taskUrged: string };
}

/** {title} is the task's stored title; {reason} the urger's words, or nothing. */
export const TASK_OVERDUE_PLACEHOLDERS = ['title', 'taskId'] as const;
export const TASK_URGED_PLACEHOLDERS = ['title', 'taskId', 'reason'] as const;

export const DEFAULT_TASK_SETTINGS: TaskSettings = {
  urgeSmsIntervalMinutes: 30,
  templates: {
    taskOverdue: '【Gridflow】待办超期：{title}（任务 {taskId}），请督办。',
    taskUrged: '【Gridflow】催单：{title}（任务 {taskId}），请尽快处理。{reason}',
  },
};

const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** The `tasks` settings as a whole: a missing field is a mistake, not a reset to the default. */
export const taskSettingsSchema: z.ZodType<TaskSettings, unknown> = strictGroup(
  {
    urgeSmsIntervalMinutes: z
      .int({ error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` })
      .min(0, { error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` })
      .max(MAX_INTERVAL_MINUTES, { error: (iss) => `must be whole minutes from 0 to ${MAX_INTERVAL_MINUTES}, got ${JSON.stringify(iss.input)}` }),
    // Settings saved before the templates existed read with the default texts.
    templates: strictGroup({
      taskOverdue: templateText(TASK_OVERDUE_PLACEHOLDERS).default(DEFAULT_TASK_SETTINGS.templates.taskOverdue),
      taskUrged: templateText(TASK_URGED_PLACEHOLDERS).default(DEFAULT_TASK_SETTINGS.templates.taskUrged),
    }).prefault({}),
  },
  'must be an object {urgeSmsIntervalMinutes}',
);

export function parseTaskSettings(raw: unknown): TaskSettings {
  const parsed = taskSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(policyRefusal(parsed.error.issues, 'task settings'));
  return parsed.data;
}
