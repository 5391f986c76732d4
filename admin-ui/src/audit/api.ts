import { API_URL, httpClient } from '../httpClient';
import type { AuditSearchPage, ChainReportRecord, TimelinePage } from '../../../domain/contracts/audit';
import type { ExportFormat, TimelineKind } from '../../../domain/audit/codes';

export type { AuditSearchPage, ChainReportRecord, DecodedExchange, DecodedFrame, TimelineEntry, TimelinePage, UnchainedMessage } from '../../../domain/contracts/audit';

export type Order = 'newest' | 'oldest';

/** Query text of the given values, leaving out empty ones; a list repeats its key. */
function query(values: Record<string, string | number | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function fetchTimeline(kind: TimelineKind, key: string, page: { order: Order; after?: number; limit?: number }): Promise<TimelinePage> {
  const { json } = await httpClient(`${API_URL}/audit/timelines/${kind}/${encodeURIComponent(key)}${query({ order: page.order, after: page.after, limit: page.limit ?? 50 })}`);
  return json;
}

export interface SearchFilters {
  customer?: string;
  meter?: string;
  person?: string;
  orderNo?: string;
  type?: string[];
  from?: string;
  to?: string;
}

export async function searchEvents(filters: SearchFilters, after?: number): Promise<AuditSearchPage> {
  const { json } = await httpClient(`${API_URL}/audit/events${query({ ...filters, after, limit: 50 })}`);
  return json;
}

export async function verifyChain(): Promise<ChainReportRecord> {
  const { json } = await httpClient(`${API_URL}/audit/verify`, { method: 'POST', body: '{}' });
  return json;
}

/** A download link (same origin, the session cookie goes along). */
export const exportUrl = (caseId: number | string, format: ExportFormat, lang: string) => `${API_URL}/audit/cases/${encodeURIComponent(caseId)}/export${query({ format, lang })}`;

/** The back office's route of a timeline. */
export const timelinePath = (kind: TimelineKind, key: string | number) => `/audit/timelines/${kind}/${encodeURIComponent(String(key))}`;
