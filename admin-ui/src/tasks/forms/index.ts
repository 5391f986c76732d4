import type { ComponentType } from 'react';
import { ApprovalForm } from './ApprovalForm';
import { ManualOutageForm } from './ManualOutageForm';
import { ManualReconnectionForm } from './ManualReconnectionForm';
import { ReCheckForm } from './ReCheckForm';
import type { StepFormProps } from './types';

/**
 * The completion form of each step a person works, keyed by the task's `step`. A new human
 * step in a workflow adds its form here (and its name under app.steps in both catalogs).
 */
export const stepForms: Record<string, ComponentType<StepFormProps>> = {
  'manual-reconnection': ManualReconnectionForm,
  'disconnection-approval': ApprovalForm,
  'disconnection-re-check': ReCheckForm,
  'manual-outage-entry': ManualOutageForm,
};

export type { StepFormProps };
