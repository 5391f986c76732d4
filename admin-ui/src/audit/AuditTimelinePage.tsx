import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { Title, useGetList } from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { TIMELINE_KINDS, type TimelineKind } from '../../../domain/audit/codes';
import { timelinePath } from './api';
import { AuditTimeline } from './AuditTimeline';
import { useAuditWords } from './useAuditWords';

const isKind = (value: string | undefined): value is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(value ?? '');

/** #/audit/timelines/:kind/:key — pick a case, customer, meter or person and read its history. */
export const AuditTimelinePage = () => {
  const { kind: kindParam, key: keyParam } = useParams();
  const { t } = useAuditWords();
  const navigate = useNavigate();
  const kind = isKind(kindParam) ? kindParam : 'case';
  const [chosenKind, setChosenKind] = useState<TimelineKind>(kind);
  const [key, setKey] = useState(keyParam ?? '');
  useEffect(() => {
    setChosenKind(kind);
    setKey(keyParam ?? '');
  }, [kind, keyParam]);
  // People are chosen by name, never typed in as ids.
  const { data: users } = useGetList('users', { pagination: { page: 1, perPage: 500 }, sort: { field: 'displayName', order: 'ASC' } }, { enabled: chosenKind === 'person' });

  return (
    <Card sx={{ marginTop: 2 }}>
      <Title title={t('app.audit.timeline.title')} />
      <CardContent>
        <Stack
          component="form"
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ marginBottom: 3 }}
          onSubmit={(event) => {
            event.preventDefault();
            if (key.trim()) navigate(timelinePath(chosenKind, key.trim()));
          }}
        >
          <TextField select size="small" label={t('app.audit.timeline.title')} value={chosenKind} onChange={(e) => (setChosenKind(e.target.value as TimelineKind), setKey(''))} sx={{ minWidth: 160 }} inputProps={{ 'data-testid': 'timeline-kind' }}>
            {TIMELINE_KINDS.map((k) => (
              <MenuItem key={k} value={k}>
                {t(`app.audit.kind.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          {chosenKind === 'person' ? (
            <TextField select size="small" label={t('app.audit.key.person')} value={key} onChange={(e) => setKey(e.target.value)} sx={{ minWidth: 240 }}>
              {(users ?? []).map((user) => (
                <MenuItem key={user.id} value={String(user.id)}>
                  {user.displayName}
                </MenuItem>
              ))}
            </TextField>
          ) : (
            <TextField size="small" label={t(`app.audit.key.${chosenKind}`)} value={key} onChange={(e) => setKey(e.target.value)} sx={{ minWidth: 240 }} inputProps={{ 'data-testid': 'timeline-key' }} />
          )}
          <Button type="submit" variant="contained" data-testid="timeline-open">
            {t('app.audit.timeline.open')}
          </Button>
        </Stack>
        {isKind(kindParam) && keyParam && <AuditTimeline key={`${kindParam}/${keyParam}`} kind={kindParam} subjectKey={keyParam} />}
      </CardContent>
    </Card>
  );
};
