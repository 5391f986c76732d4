import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Title } from 'react-admin';
import { EVENT_TYPES } from '../../../domain/events';
import { searchEvents, type SearchFilters, type TimelineEntry } from './api';
import { AuditEntry } from './AuditEntry';
import { useAuditWords } from './useAuditWords';

/** A datetime-local value (the reader's clock) as the API's ISO time. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** #/audit/search — every event, by customer, meter, person, order number, type and time. */
export const AuditSearchPage = () => {
  const { t } = useAuditWords();
  const [form, setForm] = useState({ customer: '', meter: '', person: '', orderNo: '', type: [] as string[], from: '', to: '' });
  const [results, setResults] = useState<{ filters: SearchFilters; entries: TimelineEntry[]; next: number | null } | undefined>();
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (filters: SearchFilters, after?: number) => {
    setBusy(true);
    setRefused(false);
    try {
      const page = await searchEvents(filters, after);
      setResults((before) => ({ filters, entries: after && before ? [...before.entries, ...page.entries] : page.entries, next: page.next }));
    } catch {
      setRefused(true);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: 'customer' | 'meter' | 'person' | 'orderNo', label: string) => (
    <TextField size="small" label={t(label)} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} inputProps={{ 'data-testid': `search-${name}` }} />
  );

  return (
    <Card sx={{ marginTop: 2 }}>
      <Title title={t('app.audit.search.title')} />
      <CardContent>
        <Stack
          component="form"
          direction="row"
          spacing={2}
          flexWrap="wrap"
          useFlexGap
          sx={{ marginBottom: 3 }}
          onSubmit={(event) => {
            event.preventDefault();
            void run({ ...form, type: form.type.length ? form.type : undefined, from: toIso(form.from), to: toIso(form.to) });
          }}
        >
          {field('customer', 'app.audit.search.customer')}
          {field('meter', 'app.audit.search.meter')}
          {field('person', 'app.audit.search.person')}
          {field('orderNo', 'app.audit.search.order_no')}
          <TextField
            select
            size="small"
            label={t('app.audit.search.type')}
            value={form.type}
            onChange={(e) => setForm({ ...form, type: typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as string[]) })}
            SelectProps={{ multiple: true }}
            sx={{ minWidth: 220 }}
          >
            {EVENT_TYPES.map((type) => (
              <MenuItem key={type} value={type}>
                {t(`app.events.${type}`, {}, type)}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" type="datetime-local" label={t('app.audit.search.from')} value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} InputLabelProps={{ shrink: true }} />
          <TextField size="small" type="datetime-local" label={t('app.audit.search.to')} value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} InputLabelProps={{ shrink: true }} />
          <Button type="submit" variant="contained" disabled={busy} data-testid="search-submit">
            {t('app.audit.search.submit')}
          </Button>
        </Stack>
        {refused && <Alert severity="warning">{t('app.audit.search.invalid')}</Alert>}
        {results && results.entries.length === 0 && <Typography color="text.secondary">{t('app.audit.search.none')}</Typography>}
        {results && results.entries.length > 0 && (
          <Stack component="ol" spacing={2} sx={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="search-results">
            {results.entries.map((entry) => (
              <AuditEntry key={entry.seq} entry={entry} />
            ))}
          </Stack>
        )}
        {results?.next && (
          <Button onClick={() => run(results.filters, results.next!)} disabled={busy} sx={{ marginTop: 2 }}>
            {t('app.audit.timeline.more')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};
