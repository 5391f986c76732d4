/** Meter-reading segments (抄表段) and who reads each (api/segments/routes.ts). */
import { z } from 'zod/v4';
import { id } from './common';

export const segmentRecord = z
  .strictObject({
    /** The code: react-admin needs an `id`. */
    id: z.string(),
    code: z.string(),
    name: z.string(),
    collectorUserId: id.nullable(),
    collectorName: z.string().nullable(),
  })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof segmentRecord>;
