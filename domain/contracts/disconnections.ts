/** Applications for disconnection (停电申请) and each case's live progress (api/disconnections/routes.ts). */
import { z } from 'zod/v4';
import { MAX_REASON_LENGTH } from '../disconnection/application';
import { MAX_CUSTOMERS_PER_CASE } from '../disconnection/policy';
import type { DisconnectionProgress as DomainProgress, DisconnectionStage as DomainStage } from '../disconnection/progress';
import { id } from './common';

export const DISCONNECTION_STAGES = ['approval', 'pre-notice', 're-check', 'commands', 'archived', 'rejected'] as const satisfies readonly DomainStage[];
export type DisconnectionStage = (typeof DISCONNECTION_STAGES)[number];

/** Where a case stands, as its workflow answers the progress query (domain/disconnection/progress.ts). */
export const disconnectionProgressRecord = z
  .strictObject({
    stage: z.enum(DISCONNECTION_STAGES),
    total: z.int().min(0),
    disconnected: z.int().min(0),
    manualEntry: z.int().min(0),
    failed: z.int().min(0),
    awaitingEntry: z.int().min(0),
    excluded: z.int().min(0),
    deferred: z.int().min(0),
    inFlight: z.int().min(0),
    remaining: z.int().min(0),
    pausedUntil: z.string().nullable(),
    /** NIGHT, WEEKEND, HOLIDAY, AFTER_CUTOFF: the UI names the window. */
    pauseCode: z.string().nullable(),
    pauseReason: z.string().nullable(),
  })
  .meta({ id: 'DisconnectionProgress' });
export type DisconnectionProgress = z.infer<typeof disconnectionProgressRecord>;

/** The workflow's type and this contract must say the same; a change to one fails the type check here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const progressMatchesDomain: Same<DisconnectionProgress, DomainProgress> & Same<DisconnectionStage, DomainStage> = true;
void progressMatchesDomain;

/** GET /api/disconnections/:workflowId. */
export const disconnectionRecord = z
  .strictObject({
    workflowId: z.string(),
    /** Null until the workflow has opened its case. */
    caseId: id.nullable(),
    progress: disconnectionProgressRecord,
  })
  .meta({ id: 'Disconnection' });
export type Disconnection = z.infer<typeof disconnectionRecord>;

export const DISCONNECTION_WARNINGS = ['SEGMENT_OF_ANOTHER_READER'] as const;

/** The answer to an application: its case's workflow, and what deserves a second look. */
export const disconnectionAppliedRecord = z
  .strictObject({
    workflowId: z.string(),
    customers: z.int().min(1),
    warnings: z.array(
      z.strictObject({
        /** A picked customer's segment is read by someone other than the applicant. */
        code: z.enum(DISCONNECTION_WARNINGS),
        segmentCode: z.string(),
        collectorName: z.string(),
      }),
    ),
  })
  .meta({ id: 'DisconnectionApplied' });
export type DisconnectionApplied = z.infer<typeof disconnectionAppliedRecord>;
export type DisconnectionWarning = DisconnectionApplied['warnings'][number];

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * POST /api/disconnections: customers picked one by one, or every connected customer the
 * filter matches; exactly one of the two. The applicant is whoever is logged in. The case's
 * own limit (the disconnection setting's maxCustomersPerCase) and repeated ids are checked by
 * domain/disconnection/application.ts.
 */
export const disconnectionApplicationRequest = z
  .object({
    reason: z.string('reason must be text').describe(`1 to ${MAX_REASON_LENGTH} characters once trimmed`),
    /** Or the Idempotency-Key header: the same key by the same applicant answers the first case. */
    idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'an idempotency key is 1 to 100 letters, digits or . _ : -').nullish(),
    customerIds: z.array(id).min(1).max(MAX_CUSTOMERS_PER_CASE).nullish(),
    filter: z
      .strictObject({
        arrearsAbove: z.number().min(0).describe('yuan; 0 for any arrears'),
        segmentCode: z.string().trim().min(1).max(50).optional(),
      })
      .nullish(),
  })
  .refine((body) => [body.customerIds, body.filter].filter((given) => given !== undefined && given !== null).length === 1, {
    message: 'give either customerIds (customers picked one by one) or filter (all customers matching), not both or neither',
  })
  .meta({ id: 'DisconnectionApplicationRequest' });
export type DisconnectionApplicationRequest = z.input<typeof disconnectionApplicationRequest>;
