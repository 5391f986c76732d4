import type { ComponentType } from 'react';
import type { TaskStep } from '../../../../domain/processes';
import { ApprovalForm } from './ApprovalForm';
import { ManualOutageForm } from './ManualOutageForm';
import { ManualReconnectionForm } from './ManualReconnectionForm';
import { ReCheckForm } from './ReCheckForm';
import type { StepFormProps } from './types';
import { repairStepForms } from '../../repair/forms';
import { relocationStepForms } from '../../relocation/forms';
import { revisitStepForms } from '../../revisit/forms';

/**
 * The completion form of each step a person works, keyed by the task's `step`. Typed by the
 * registry's task steps: a process whose task has no form here does not compile.
 */
export const stepForms: Record<TaskStep, ComponentType<StepFormProps>> = {
  'manual-reconnection': ManualReconnectionForm,
  'disconnection-approval': ApprovalForm,
  'disconnection-re-check': ReCheckForm,
  'manual-outage-entry': ManualOutageForm,
  ...repairStepForms,
  ...relocationStepForms,
  ...revisitStepForms,
};

export type { StepFormProps };
