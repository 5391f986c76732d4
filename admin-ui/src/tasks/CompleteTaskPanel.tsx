import Alert from '@mui/material/Alert';
import { useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { Section } from '../common/Section';
import { useStepLabel } from '../common/steps';
import type { Task } from '../types';
import { stepForms } from './forms';
import { useTaskAbilities } from './useTaskAbilities';
import { useTaskAction } from './useTaskAction';

/** The step's own form, for the person holding the task; back to the inbox once it is done. */
export const CompleteTaskPanel = () => {
  const task = useRecordContext<Task>();
  const abilities = useTaskAbilities(task);
  const { run } = useTaskAction();
  const redirect = useRedirect();
  const translate = useTranslate();
  const stepLabel = useStepLabel();
  if (!task || !abilities.complete) return null;

  // A task of a step no registered process opens (an old row) has no form.
  const StepForm = Object.hasOwn(stepForms, task.step) ? stepForms[task.step as keyof typeof stepForms] : undefined;
  const complete = async (result: Record<string, unknown>) => {
    const done = await run((api) => api.completeTask(task.id, result), 'app.task.done.complete');
    if (done) redirect('list', 'tasks');
  };
  return (
    <Section title="app.task.section.complete">
      {StepForm ? (
        <StepForm task={task} onSubmit={complete} />
      ) : (
        <Alert severity="info">{translate('app.task.no_form', { step: stepLabel(task.step) })}</Alert>
      )}
    </Section>
  );
};
