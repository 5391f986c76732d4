import Alert from '@mui/material/Alert';
import { Loading, useGetOne, useTranslate } from 'react-admin';
import { Timeline } from '../common/Timeline';
import type { Case, CaseDetail, Shown } from '../types';

/** The task's case from its start: notes, who did what and why, frames, messages. */
export const CaseTimeline = ({ caseId }: { caseId: number }) => {
  const translate = useTranslate();
  const { data, isPending, error } = useGetOne<Shown<Case, CaseDetail>>('cases', { id: caseId });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="warning">{translate('app.timeline.unavailable')}</Alert>;
  return <Timeline entries={data?.timeline ?? []} />;
};
