import { SearchInput, SelectInput } from 'react-admin';
import { choicesOf } from '../common/choices';
import { QuickFilter } from '../common/QuickFilter';
import { TASK_STATES } from '../../../domain/contracts/tasks';
import { stepForms } from './forms';

const stepChoices = choicesOf('app.steps', Object.keys(stepForms));
const stateChoices = choicesOf('app.task_state', TASK_STATES);

/** Filters of the inbox (待办): the API's whitelist q, state, step, overdue, dueToday, assignedToMe. */
export const inboxFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="state" choices={stateChoices} />,
  <SelectInput source="step" choices={stepChoices} />,
  <QuickFilter source="overdue" label="resources.tasks.fields.overdue" defaultValue />,
  <QuickFilter source="dueToday" label="resources.tasks.fields.dueToday" defaultValue />,
  <QuickFilter source="assignedToMe" label="resources.tasks.fields.assignedToMe" defaultValue />,
];

/** 我已办 lists what I handled in any state; "assigned to me" would contradict it. */
export const handledFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="state" choices={stateChoices} />,
  <SelectInput source="step" choices={stepChoices} />,
  <QuickFilter source="overdue" label="resources.tasks.fields.overdue" defaultValue />,
];
