/**
 * The codes an auditor's screens and exports word from their catalogs (app.audit.* in
 * admin-ui/src/i18n): what a decoded meter frame is and says, who acted, where a step stands.
 * Lists here, unions derived from them, so the API's contract and the UI read one truth.
 */

/** Whose history a timeline tells: a case (id), a customer (number), a meter (address), a person (user id). */
export const TIMELINE_KINDS = ['case', 'customer', 'meter', 'person'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Who acted. People by name; the rest are the system's own actors, named for what they are:
 * the reconnection sweep, one customer's reconnection, a disconnection case or one of its
 * batches, the nightly anchor, the site's hardware worker that exchanged a meter's frames,
 * the message gateway, a connected system (service token).
 */
export const ACTOR_KINDS = [
  'person',
  /** user:<id> of someone no longer on file. */
  'former-person',
  'reconnection-sweep',
  'reconnection',
  'disconnection-case',
  'disconnection-batch',
  'audit-anchor',
  /** Another workflow this list does not name yet. */
  'workflow',
  'hardware-worker',
  'gateway',
  'service',
  'system',
  'anonymous',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * Where a workflow step stands now, not when its event was written: `running` only while the
 * case is still at it; `done` once the case moved on; `completed` / `failed` for the step that
 * closed the case.
 */
export const STEP_STATES = ['running', 'done', 'completed', 'failed'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const FRAME_DIRECTIONS = ['to-meter', 'from-meter'] as const;
export type FrameDirection = (typeof FRAME_DIRECTIONS)[number];

/** The control byte's function (bits 4-0), DL/T 645-2007 §4.2. */
export const FRAME_FUNCTIONS = ['read-data', 'read-address', 'broadcast-time', 'remote-control', 'unknown'] as const;
export type FrameFunction = (typeof FRAME_FUNCTIONS)[number];

/** The data items this codec knows (hardware/dlt645/data-identifiers.ts), by what they hold. */
export const DATA_ITEMS = ['energy-combined', 'energy-forward', 'voltages', 'currents', 'date', 'time', 'meter-address', 'status-word-3', 'last-trip-record'] as const;
export type DataItem = (typeof DATA_ITEMS)[number];

/**
 * What a frame asks or answers. Requests: a remote-control command (trip, close…), a read of
 * one data item, the address read, a time broadcast. Replies: the command taken or refused, a
 * value read, status word 3 with the relay as it is. `undecodable`: bytes that are no valid frame.
 */
export const FRAME_MEANINGS = [
  // Remote control (0x1C), by N1.
  'trip',
  'close-allowed',
  'direct-close',
  'alarm-on',
  'alarm-off',
  'keep-power-on',
  'keep-power-off',
  'remote-control-other',
  'remote-control-encrypted',
  // Read data (0x11), by data item.
  'read-item',
  'read-other',
  'read-address',
  'broadcast-time',
  'unknown-request',
  // Replies.
  'control-accepted',
  'control-refused',
  'control-security-error',
  'read-refused',
  'relay-open',
  'relay-closed',
  'value',
  'raw-value',
  'address',
  'unknown-reply',
  'undecodable',
] as const;
export type FrameMeaning = (typeof FRAME_MEANINGS)[number];

/** Facts a frame states beside its meaning: status word 3's other bits, error bits, a read continued. */
export const FRAME_FLAGS = [
  'relay-commanded-trip',
  'relay-commanded-close',
  'keep-power',
  'pre-trip-alarm',
  'more-follows',
  // A meter's error byte (hardware/dlt645/meter-errors.ts).
  'error-other',
  'error-no-data',
  'error-unauthorized',
  'error-baud-rate-unchangeable',
  'error-too-many-year-zones',
  'error-too-many-day-slots',
  'error-too-many-tariffs',
] as const;
export type FrameFlag = (typeof FRAME_FLAGS)[number];

/** Why bytes are no frame (hardware/dlt645/errors.ts Dlt645ErrorCode). */
export const FRAME_FAULTS = ['NO_FRAME', 'BAD_HEADER', 'OVERSIZED', 'TRUNCATED', 'BAD_CHECKSUM', 'BAD_END', 'TRAILING_BYTES', 'BAD_VALUE', 'INVALID_INPUT'] as const;
export type FrameFault = (typeof FRAME_FAULTS)[number];

/** Meter types of status word 3, bits 8-9. */
export const METER_TYPES = ['not-prepaid', 'energy-prepaid', 'money-prepaid', 'reserved'] as const;

/** The export formats of a case file. */
export const EXPORT_FORMATS = ['html', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The languages an export is written in (one per document). */
export const EXPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** Problems verifyChain names (db/audit/chain.ts ChainProblemKind). */
export const CHAIN_PROBLEM_KINDS = ['altered', 'removed', 'out-of-order', 'anchor-mismatch'] as const;
