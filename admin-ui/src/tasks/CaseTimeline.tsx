import Alert from '@mui/material/Alert';
import { Loading, useGetOne, useTranslate, type Identifier } from 'react-admin';
import { Timeline } from '../common/Timeline';
import type { Case } from '../types';

/** The task's case from its start: notes, who did what and why, frames, messages. */
export const CaseTimeline = ({ caseId }: { caseId: Identifier }) => {
  const translate = useTranslate();
  const { data, isPending, error } = useGetOne<Case>('cases', { id: caseId });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="warning">{translate('app.timeline.unavailable')}</Alert>;
  return <Timeline entries={data?.timeline ?? []} />;
};
