/**
 * The auditor's API (api/audit/routes.ts): timelines of a case, customer, meter or person,
 * search across events, the chain's verification and a case file's export. Every entry is a
 * chained event (its seq and hash), worded by the UI from codes and parameters.
 */
import { z } from 'zod/v4';
import {
  ACTOR_KINDS,
  CHAIN_PROBLEM_KINDS,
  DATA_ITEMS,
  EXPORT_FORMATS,
  EXPORT_LANGUAGES,
  FRAME_DIRECTIONS,
  FRAME_FAULTS,
  FRAME_FLAGS,
  FRAME_FUNCTIONS,
  FRAME_MEANINGS,
  STEP_STATES,
  TIMELINE_KINDS,
} from '../audit/codes';
import { EVENT_TYPES, EventType } from '../events';
import { bigId, id, jsonObject, timestamp } from './common';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** Plain values only: words come from the UI's catalogs, never from here. */
const params = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const auditActor = z
  .strictObject({
    kind: z.enum(ACTOR_KINDS),
    /** As stored: user:7, workflow:…, gateway:outbox… */
    raw: z.string(),
    /** A person's display name; null for everyone else. */
    name: z.string().nullable(),
    userId: id.nullable(),
    /** e.g. { site } of a hardware worker, { customerNo } of a reconnection, { caseId, batch } of a batch. */
    params,
  })
  .meta({ id: 'AuditActor' });
export type AuditActor = z.infer<typeof auditActor>;

/** One frame as the project's codec (hardware/dlt645) reads it. */
export const decodedFrame = z
  .strictObject({
    direction: z.enum(FRAME_DIRECTIONS).nullable(),
    /** 12 digits (or AAAAAAAAAAAA, the wildcard); null when undecodable. */
    address: z.string().nullable(),
    /** The control byte, two hex digits. */
    control: z.string().nullable(),
    function: z.enum(FRAME_FUNCTIONS).nullable(),
    meaning: z.enum(FRAME_MEANINGS),
    /** Plain values for the meaning's text: di, item, kWh, time, errorByte, deadline, raw… */
    params,
    dataIdentifier: z.strictObject({ di: z.string(), item: z.enum(DATA_ITEMS).nullable() }).nullable(),
    flags: z.array(z.enum(FRAME_FLAGS)),
    /** Why the bytes are no frame, when undecodable. */
    fault: z.enum(FRAME_FAULTS).nullable(),
    /** The frame's own bytes, spaced hex (without wake-up bytes and noise). */
    hex: z.string(),
  })
  .meta({ id: 'DecodedFrame' });
export type DecodedFrame = z.infer<typeof decodedFrame>;

/** One frame sent and what came back, decoded beside the hex, with the wire timing. */
export const decodedExchange = z
  .strictObject({
    at: timestamp,
    /** Since the first frame of this command. */
    offsetMs: z.int().min(0),
    /** Until the next frame of this command went out; null for the last. */
    untilNextMs: z.int().min(0).nullable(),
    sentHex: z.string(),
    receivedHex: z.string().nullable(),
    /** The driver's own note (e.g. refused: unauthorized), as recorded. */
    note: z.string().nullable(),
    sent: decodedFrame,
    /** Every frame found in the reply; empty when nothing (valid) came. */
    received: z.array(decodedFrame),
    /** Bytes of the reply that belong to no frame (besides FE wake-up bytes). */
    noiseBytes: z.int().min(0),
    timing: z.strictObject({
      baud: z.int().min(1),
      sentBytes: z.int().min(0),
      receivedBytes: z.int().min(0),
      /** Time on the wire at the line's baud rate (11 bits a byte: start, 8 data, even parity, stop). */
      sentWireMs: z.number().min(0),
      receivedWireMs: z.number().min(0),
    }),
  })
  .meta({ id: 'DecodedExchange' });
export type DecodedExchange = z.infer<typeof decodedExchange>;

const ref = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).nullable();

export const timelineEntry = z
  .strictObject({
    seq: z.int().min(1),
    id: bigId,
    hash: sha256,
    prevHash: sha256,
    at: timestamp,
    type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
    actor: auditActor,
    case: ref({ id, type: z.string(), title: z.string() }),
    customer: ref({ id, customerNo: z.string(), name: z.string() }),
    task: ref({ id: bigId, step: z.string(), titleCode: z.string().nullable(), titleParams: jsonObject.nullable(), title: z.string() }),
    order: ref({ orderNo: z.string(), kind: z.string().nullable() }),
    /** The meter a command went to (from the customer's meter record). */
    meter: ref({ address: z.string(), site: z.string(), line: z.string() }),
    /** A case.step event: the step and where it stands now. */
    step: ref({ code: z.string(), state: z.enum(STEP_STATES) }),
    /** The workflow involved, and where to download its Temporal history as JSON. */
    workflow: ref({ workflowId: z.string(), historyUrl: z.string() }),
    /** People the data names by id: id → name. */
    people: z.record(z.string(), z.string()),
    /** The event's data, frames left out (they are in `frames`, decoded). */
    data: jsonObject,
    frames: z.array(decodedExchange),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntry>;

/** An outbox row from before messages were events: shown once, marked as not on the chain. */
export const unchainedMessage = z
  .strictObject({
    outboxId: bigId,
    at: timestamp,
    state: z.enum(['pending', 'sent', 'failed']),
    channel: z.enum(['sms', 'email']),
    recipient: z.string(),
    purpose: z.string(),
    body: z.string(),
    transport: z.string().nullable(),
  })
  .meta({ id: 'UnchainedMessage' });
export type UnchainedMessage = z.infer<typeof unchainedMessage>;

export const TIMELINE_ORDERS = ['newest', 'oldest'] as const;
export type TimelineOrder = (typeof TIMELINE_ORDERS)[number];

/** Keyset paging by seq: `after` is the last seq of the page before (in the page's order). */
export const pageQuery = z.strictObject({
  order: z.enum(TIMELINE_ORDERS).default('newest'),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const timelineSubject = z.strictObject({
  kind: z.enum(TIMELINE_KINDS),
  key: z.string(),
  /** What the subject is called: a case's title, a customer's name, a meter's customer, a person's name. */
  title: z.string(),
  /** Further words: a customer's number, a meter's site/line, a person's username. */
  subtitle: z.string().nullable(),
  /** The case's workflow (case timelines). */
  workflow: ref({ workflowId: z.string(), historyUrl: z.string() }),
});

/** GET /api/audit/timelines/:kind/:key */
export const timelinePage = z
  .strictObject({
    subject: timelineSubject,
    entries: z.array(timelineEntry),
    /** Pass as `after` for the next page; null on the last. */
    next: z.int().min(1).nullable(),
    /** First page only: outbox rows without events (case and customer timelines). */
    unchainedMessages: z.array(unchainedMessage),
  })
  .meta({ id: 'TimelinePage' });
export type TimelinePage = z.infer<typeof timelinePage>;

const optionalText = z.string().trim().min(1).max(200).optional();

/** GET /api/audit/events: filters, all optional, combined with AND. */
export const auditSearchQuery = pageQuery
  .extend({
    /** A customer's number, or part of their name. */
    customer: optionalText,
    meter: z.string().regex(/^\d{12}$/, 'a meter address is 12 digits').optional(),
    /** A person: user id, username or part of the display name. */
    person: optionalText,
    orderNo: optionalText,
    type: z.union([z.enum(EVENT_TYPES as [EventType, ...EventType[]]), z.array(z.enum(EVENT_TYPES as [EventType, ...EventType[]])).min(1)]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['to'] })
  .meta({ id: 'AuditSearchQuery' });
export type AuditSearchQuery = z.infer<typeof auditSearchQuery>;

export const auditSearchPage = z
  .strictObject({
    entries: z.array(timelineEntry),
    next: z.int().min(1).nullable(),
  })
  .meta({ id: 'AuditSearchPage' });
export type AuditSearchPage = z.infer<typeof auditSearchPage>;

/** POST /api/audit/verify: verifyChain's report (db/audit/chain.ts). */
export const chainReport = z
  .strictObject({
    ok: z.boolean(),
    checked: z.int().min(0),
    head: z.strictObject({ seq: z.int().min(1), hash: sha256 }).nullable(),
    anchorsChecked: z.int().min(0),
    seconds: z.number().min(0),
    problem: z
      .strictObject({
        kind: z.enum(CHAIN_PROBLEM_KINDS),
        eventId: z.int().nullable(),
        seq: z.int(),
        /** For the UI's catalog (app.audit.problem.<kind>). */
        params: z.record(z.string(), z.union([z.string(), z.number()])),
        message: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'ChainReport' });
export type ChainReportRecord = z.infer<typeof chainReport>;

export const exportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('html'),
  lang: z.enum(EXPORT_LANGUAGES).default('zh-CN'),
});

/** One exported event exactly as its hash was computed (db/audit/chain.ts canonicalEvent): anyone can recompute it. */
export const canonicalEventRecord = z.strictObject({
  id: z.string(),
  seq: z.string(),
  prev_hash: sha256,
  hash: sha256,
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  customer_id: z.string().nullable(),
  workflow_id: z.string().nullable(),
  order_no: z.string().nullable(),
  case_id: z.string().nullable(),
  task_id: z.string().nullable(),
  data: z.string(),
  idempotency_key: z.string().nullable(),
});

/** The manifest every export carries: its events' seq and hashes and the chain's head when it was made. */
export const exportManifest = z
  .strictObject({
    format: z.literal('gridflow-case-file-v1'),
    caseId: id,
    exportedAt: timestamp,
    /** The last event of the whole chain at export time. */
    chainHead: z.strictObject({ seq: z.int().min(1), hash: sha256 }).nullable(),
    algorithm: z.literal('sha256 over db/audit/chain.ts canonicalEvent'),
    events: z.array(canonicalEventRecord),
  })
  .meta({ id: 'CaseFileManifest' });
export type ExportManifest = z.infer<typeof exportManifest>;

/** GET /api/audit/cases/:id/export?format=json */
export const caseFileJson = z
  .strictObject({
    manifest: exportManifest,
    subject: timelineSubject,
    entries: z.array(timelineEntry),
    unchainedMessages: z.array(unchainedMessage),
  })
  .meta({ id: 'CaseFile' });
export type CaseFileJson = z.infer<typeof caseFileJson>;
