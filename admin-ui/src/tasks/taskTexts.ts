import { useCallback } from 'react';
import { useTranslate } from 'react-admin';

/**
 * A task's title and routing reason in the reader's language, from the codes and parameters
 * the workflow gave it (domain/tasks/texts.ts). Parameters that are codes themselves (roles,
 * a manual reconnection's reason, a meter failure) are worded too; names and numbers are not.
 * A task from before the codes shows its stored text.
 */
interface TaskTexts {
  titleCode?: string | null;
  titleParams?: Record<string, unknown>;
  title?: string;
  routingCode?: string | null;
  routingParams?: Record<string, unknown>;
  routingReason?: string;
}

export function useTextParams(): (params: Record<string, unknown> | undefined) => Record<string, string | number> {
  const translate = useTranslate();
  return useCallback(
    (params) => {
      const out: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(params ?? {})) {
        if (key === 'roles' && Array.isArray(value)) out[key] = value.map((role) => translate(`app.roles.${role}`, { _: String(role) })).join('、');
        else if (key === 'reason' && typeof value === 'string') out[key] = translate(`app.steps.${value}`, { _: value });
        else if (key === 'failureCode' && typeof value === 'string') out[key] = translate(`app.disconnection_code.${value}`, { _: value });
        else if (key === 'field' && typeof value === 'string') out[key] = translate(`app.data.${value}`, { _: value });
        else if (key === 'fields' && typeof value === 'string') out[key] = value.split(/,\s*/).map((field) => translate(`app.data.${field}`, { _: field })).join('、');
        else if (typeof value === 'string' || typeof value === 'number') out[key] = value;
      }
      return out;
    },
    [translate],
  );
}

export function useTaskTexts(): { title(task: TaskTexts): string; routing(task: TaskTexts): string } {
  const translate = useTranslate();
  const params = useTextParams();
  return {
    title: (task) =>
      task.titleCode ? translate(`app.task_title.${task.titleCode}`, { applicantName: '—', ...params(task.titleParams), _: task.title ?? task.titleCode }) : (task.title ?? ''),
    routing: (task) =>
      task.routingCode ? translate(`app.task_routing.${task.routingCode}`, { ...params(task.routingParams), _: task.routingReason ?? task.routingCode }) : (task.routingReason ?? ''),
  };
}
