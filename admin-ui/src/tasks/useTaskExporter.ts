import { useCallback } from 'react';
import { downloadCSV, useStore, useTranslate, type Exporter } from 'react-admin';
import { useFormatDateTime } from '../common/DateTimeField';
import { useStepLabel } from '../common/steps';
import type { Task } from '../types';
import { toCsv } from './csv';
import { taskColumnsStoreKey, type TaskListKind } from './TaskTable';
import { useTaskTexts } from './taskTexts';

/**
 * The list's exporter: the columns it shows (not those hidden with the column chooser), headed
 * and worded as on screen in the reader's language, people by name. A byte order mark lets
 * spreadsheet programs read the Chinese as UTF-8.
 */
export function useTaskExporter(kind: TaskListKind): Exporter<Task> {
  const translate = useTranslate();
  const texts = useTaskTexts();
  const stepLabel = useStepLabel();
  const formatDateTime = useFormatDateTime();
  const [hidden] = useStore<string[]>(taskColumnsStoreKey(kind), []);

  return useCallback(
    (tasks: Task[]) => {
      const field = (source: string) => translate(`resources.tasks.fields.${source}`);
      const customer = (task: Task) =>
        !task.customerNo && task.customerCount > 0 ? translate('app.task.customer_count', { smart_count: task.customerCount }) : (task.customerName ?? '');
      const assignee = (task: Task) =>
        (task.assigneeName ?? translate('app.task.unassigned')) + (task.actingForName ? ` (${translate('app.task.acting_for', { name: task.actingForName })})` : '');
      const columns: Array<{ source: string; header: string; value(task: Task): string | number }> = [
        { source: 'title', header: field('title'), value: (task) => texts.title(task) },
        { source: 'customerName', header: field('customerName'), value: customer },
        { source: 'customerName', header: field('customerNo'), value: (task) => task.customerNo ?? '' },
        { source: 'step', header: field('step'), value: (task) => stepLabel(task.step) },
        { source: 'dueAt', header: field('dueAt'), value: (task) => formatDateTime(task.dueAt) },
        { source: 'dueAt', header: field('overdue'), value: (task) => translate(`ra.boolean.${task.overdue && task.state === 'open'}`) },
        { source: 'priority', header: field('priority'), value: (task) => translate(`app.task_priority.${task.priority}`, { _: String(task.priority) }) },
        { source: 'assigneeName', header: field('assigneeName'), value: assignee },
        { source: 'urgeCount', header: field('urgeCount'), value: (task) => task.urgeCount },
        { source: 'state', header: field('state'), value: (task) => translate(`app.task_state.${task.state}`, { _: task.state }) },
        ...(kind === 'handled' ? [{ source: 'completedAt', header: field('completedAt'), value: (task: Task) => (task.completedAt ? formatDateTime(task.completedAt) : '') }] : []),
      ];
      const shown = columns.filter((column) => !hidden.includes(column.source));
      const csv = toCsv([shown.map((column) => column.header), ...tasks.map((task) => shown.map((column) => column.value(task)))]);
      downloadCSV(`\uFEFF${csv}`, translate(kind === 'inbox' ? 'app.task.export_name' : 'app.task.export_name_handled'));
    },
    [translate, texts, stepLabel, formatDateTime, hidden, kind],
  );
}
