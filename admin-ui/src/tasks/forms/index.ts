import type { ComponentType } from 'react';
import { ManualReconnectionForm } from './ManualReconnectionForm';
import type { StepFormProps } from './types';

/**
 * The completion form of each step a person works, keyed by the task's `step`. A new human
 * step in a workflow adds its form here (and its name under app.steps in both catalogs).
 */
export const stepForms: Record<string, ComponentType<StepFormProps>> = {
  'manual-reconnection': ManualReconnectionForm,
};

export type { StepFormProps };
