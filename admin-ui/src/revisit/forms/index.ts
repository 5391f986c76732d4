import { ContactForm } from './ContactForm';
import { EscalationForm } from './EscalationForm';
import { RecoveryForm } from './RecoveryForm';

/** The completion forms of the revisit process's steps, spread into tasks/forms/index.ts `stepForms` with one line. */
export const revisitStepForms = {
  'revisit-contact': ContactForm,
  'revisit-recovery': RecoveryForm,
  'revisit-escalation': EscalationForm,
} as const;
