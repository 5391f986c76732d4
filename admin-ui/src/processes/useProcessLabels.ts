import { useTranslate } from 'react-admin';
import type { ProcessStep } from './types';

/**
 * A step's name on the diagram: a numbered step (approval level 1, 2…) reads its catalog
 * entry with the run of numbers in place of one number.
 */
export function useDiagramLabels(): { step: (step: ProcessStep) => string; edge: (when: string) => string } {
  const translate = useTranslate();
  return {
    step: (step) => translate(`app.steps.${step.id}`, { attempt: translate('app.process.numbered_attempt'), _: step.id }),
    edge: (when) => translate(`app.graph.${when}`, { _: when }),
  };
}
