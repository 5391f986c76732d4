/** Ratings of any process's work and the revisits bad ones open, as the API takes and answers them (api/revisit/routes.ts). */
import { z } from 'zod/v4';
import { RATED_PROCESSES, RATING_SOURCES } from '../revisit/policy';
import { id, storableText, timestamp } from './common';

export { RATED_PROCESSES, RATING_SOURCES };
/** The revisits table's states and outcomes (revisits_state_check, revisits_outcome_check). */
export const REVISIT_STATES = ['open', 'closed'] as const;
export const REVISIT_OUTCOMES = ['recovered', 'not-recovered', 'unreachable'] as const;
export const BAD_REVIEW_REASONS = ['low-rating', 'complaint-keyword'] as const;

/** An order number of any rated process: digits only (repair 16…, relocation 17…, reconnection work orders). */
const orderNo = z.string({ error: 'must be an order number' }).regex(/^\d{6,16}$/, { error: 'must be an order number (6 to 16 digits)' });

/**
 * A rating of finished work: by an agent on a call (a session) or by the customer on the
 * self-service site (a service token). A score 1–5, a comment, or both; a retry with the same
 * key answers the first.
 */
export const ratingRequest = z
  .strictObject({
    process: z.enum(RATED_PROCESSES),
    orderNo,
    rating: z.int({ error: 'must be a whole number from 1 to 5' }).min(1, { error: 'must be a whole number from 1 to 5' }).max(5, { error: 'must be a whole number from 1 to 5' }).optional(),
    comment: storableText.pipe(z.string().trim().min(1, { error: 'must not be empty' }).max(500, { error: 'must be at most 500 characters' })).optional(),
    idempotencyKey: z.string().min(1).max(100).optional(),
  })
  .refine((body) => body.rating !== undefined || body.comment !== undefined, { error: 'send a rating, a comment, or both', path: ['rating'] })
  .meta({ id: 'RatingRequest' });
export type RatingRequest = z.infer<typeof ratingRequest>;

/** What the intake answers: the rating's verdict and the revisit it opened or joined. */
export const ratingAnswer = z
  .strictObject({
    ratingId: id,
    bad: z.boolean(),
    reasons: z.array(z.enum(BAD_REVIEW_REASONS)),
    revisit: z.strictObject({ id, revisitNo: z.string(), opened: z.boolean() }).nullable(),
  })
  .meta({ id: 'RatingAnswer' });
export type RatingAnswer = z.infer<typeof ratingAnswer>;

/** A revisit as its list and page show it. */
export const revisitRecord = z
  .strictObject({
    id,
    revisitNo: z.string(),
    process: z.enum(RATED_PROCESSES),
    orderNo: z.string(),
    customerId: id.nullable(),
    customerNo: z.string().nullable(),
    customerName: z.string().nullable(),
    state: z.enum(REVISIT_STATES),
    outcome: z.enum(REVISIT_OUTCOMES).nullable(),
    reasons: z.array(z.enum(BAD_REVIEW_REASONS)),
    caseId: id.nullable(),
    supervisorName: z.string().nullable(),
    attempts: z.int().min(0),
    firstContactAt: timestamp.nullable(),
    causeCode: z.string().nullable(),
    customerSaid: z.string().nullable(),
    correctiveAction: z.string().nullable(),
    responsible: z.string().nullable(),
    recovered: z.boolean().nullable(),
    /** When the supervisor sent the rated order back to be redone, and when it was done again (差评返工). */
    reopenedAt: timestamp.nullable(),
    redoneAt: timestamp.nullable(),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
    /** GET /api/revisits/:id only: the rated order's id in its process (a repair order's, to open it), when on record. */
    orderId: id.nullable().optional(),
    /** Every rating of the order by this customer, oldest first. */
    ratings: z.array(
      z.strictObject({ id, rating: z.int().min(1).max(5).nullable(), comment: z.string().nullable(), source: z.enum(RATING_SOURCES), bad: z.boolean(), receivedAt: timestamp }),
    ),
  })
  .meta({ id: 'Revisit' });
export type RevisitRecord = z.infer<typeof revisitRecord>;

/** A revisit of an order as the order's page lists it: the way back from the order to its revisits. */
export const orderRevisitRecord = z
  .strictObject({ id, revisitNo: z.string(), state: z.enum(REVISIT_STATES), outcome: z.enum(REVISIT_OUTCOMES).nullable(), reopenedAt: timestamp.nullable(), createdAt: timestamp })
  .meta({ id: 'OrderRevisit' });
export type OrderRevisitRecord = z.infer<typeof orderRevisitRecord>;
