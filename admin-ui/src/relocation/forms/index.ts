import { AuditForm } from './AuditForm';
import { FixForm } from './FixForm';
import { InstallForm } from './InstallForm';
import { PaymentForm } from './PaymentForm';
import { RescheduleForm } from './RescheduleForm';

/** The completion forms of the relocation process's steps, spread into tasks/forms/index.ts `stepForms` with one line. */
export const relocationStepForms = {
  'relocation-payment': PaymentForm,
  'relocation-audit': AuditForm,
  'relocation-fix': FixForm,
  'relocation-install': InstallForm,
  'relocation-reschedule': RescheduleForm,
} as const;
