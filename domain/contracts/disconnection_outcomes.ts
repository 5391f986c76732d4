/** Each customer's outcome within one disconnection case (api/disconnections/outcomes.ts). */
import { z } from 'zod/v4';
import { OUTCOME_STATES } from '../disconnection/progress';
import { bigId, id, timestamp } from './common';

/** How a customer came to be disconnected (disconnection_outcomes_via_check). */
export const DISCONNECTED_VIA = ['remote', 'manual-entry'] as const;
export type DisconnectedVia = (typeof DISCONNECTED_VIA)[number];

export const disconnectionOutcomeRecord = z
  .strictObject({
    id: bigId,
    caseId: id,
    customerId: id,
    customerNo: z.string(),
    customerName: z.string(),
    state: z.enum(OUTCOME_STATES),
    /** Why: PROTECTED, PAID, REMOVED, NO_METER, ALREADY_DISCONNECTED, a window (NIGHT...) or the command's failure code; the UI translates it. */
    code: z.string().nullable(),
    /** The same in English, for auditors. */
    reason: z.string().nullable(),
    deferredUntil: timestamp.nullable(),
    outageAt: timestamp.nullable(),
    via: z.enum(DISCONNECTED_VIA).nullable(),
    updatedAt: timestamp,
  })
  .meta({ id: 'DisconnectionOutcome' });
export type DisconnectionOutcome = z.infer<typeof disconnectionOutcomeRecord>;
