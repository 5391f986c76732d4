import { AcceptForm } from './AcceptForm';
import { CallbackForm } from './CallbackForm';
import { CloseForm } from './CloseForm';
import { CompensationForm } from './CompensationForm';
import { DispatchForm } from './DispatchForm';
import { WorkForm } from './WorkForm';

/** The completion forms of the repair process's steps, spread into tasks/forms/index.ts `stepForms` with one line. */
export const repairStepForms = {
  'repair-dispatch': DispatchForm,
  'repair-accept': AcceptForm,
  'repair-work': WorkForm,
  'repair-compensation': CompensationForm,
  'repair-close': CloseForm,
  'repair-callback': CallbackForm,
} as const;
