import type { Segment } from '../types';

/** What an application is about to cover, as far as segments (抄表段) go. */
export interface ApplicationScope {
  /** The list's segment filter, when one is chosen. */
  segmentCode?: string;
  /** 'picked': the ticked customers; 'matching': every customer the filter matches. */
  scope: 'picked' | 'matching';
  /** Segments of the ticked customers. */
  pickedSegmentCodes: readonly string[];
}

export interface ReaderWarning {
  /** Segments in the application that someone else reads (or nobody does). */
  others: Segment[];
  /** "All matching" across every segment: only the server can tell which segments it reaches. */
  maybeOthers: boolean;
}

/**
 * The manual's rule: a collector applies for the segments they read. Another reader's segment
 * deserves a warning before sending, not a refusal; the server repeats it in its answer.
 * Segments not in `segments` are unknown here and left to the server's warning.
 */
export function readerWarning(application: ApplicationScope, segments: readonly Segment[], me: number): ReaderWarning {
  const byCode = new Map(segments.map((segment) => [segment.code, segment]));
  const readByOthers = (segment: Segment | undefined): segment is Segment => segment !== undefined && segment.collectorUserId !== me;
  if (application.segmentCode) {
    return { others: [byCode.get(application.segmentCode)].filter(readByOthers), maybeOthers: false };
  }
  if (application.scope === 'matching') return { others: [], maybeOthers: segments.some(readByOthers) };
  const codes = [...new Set(application.pickedSegmentCodes)].sort();
  return { others: codes.map((code) => byCode.get(code)).filter(readByOthers), maybeOthers: false };
}
