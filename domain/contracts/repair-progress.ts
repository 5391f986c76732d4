/** The crew's progress on a repair order as it happens (api/repair/progress.ts). */
import { z } from 'zod/v4';
import { bigId, storableText, timestamp } from './common';

/** Leaving for the site, arriving on it (the SLA's arrival stage), a repair step in between. */
export const REPAIR_PROGRESS_KINDS = ['departed', 'arrived', 'step'] as const;
export type RepairProgressKind = (typeof REPAIR_PROGRESS_KINDS)[number];

/** What the crew member taps on the phone: a step needs its text; leaving and arriving take none. */
export const repairProgressRequest = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('departed') }),
    z.strictObject({ kind: z.literal('arrived') }),
    z.strictObject({ kind: z.literal('step'), text: storableText.pipe(z.string().trim().min(1, { error: 'must not be empty' }).max(500, { error: 'must be at most 500 characters' })) }),
  ])
  .meta({ id: 'RepairProgressRequest' });
export type RepairProgressRequest = z.infer<typeof repairProgressRequest>;

export const repairProgressRecord = z
  .strictObject({
    id: bigId,
    kind: z.enum(REPAIR_PROGRESS_KINDS),
    /** The round it belongs to: 0, then one more after each callback rejection. */
    loop: z.int().min(0),
    text: z.string().nullable(),
    byName: z.string(),
    at: timestamp,
  })
  .meta({ id: 'RepairProgress' });
export type RepairProgress = z.infer<typeof repairProgressRecord>;
