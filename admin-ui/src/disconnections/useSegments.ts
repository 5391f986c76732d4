import { useGetList } from 'react-admin';
import type { Segment } from '../types';

/** The API's largest page. A company with more segments finds the rest by the warning after sending. */
const MAX_SEGMENTS = 500;

/** Meter-reading segments and their readers, loaded once per page (react-query shares the answer). */
export function useSegments(): Segment[] {
  const { data } = useGetList<Segment>('segments', { pagination: { page: 1, perPage: MAX_SEGMENTS }, sort: { field: 'code', order: 'ASC' } });
  return data ?? [];
}
