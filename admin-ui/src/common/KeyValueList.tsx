import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import { useTranslate } from 'react-admin';
import { useFormatDateTime } from './DateTimeField';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Keys whose values are role codes, shown by their names. */
const ROLE_LISTS = new Set(['candidateRoles', 'widenedTo', 'roles']);

/** A free-form object from the API (task payload, result, event data) as labelled values. */
export const KeyValueList = ({ values }: { values: Record<string, unknown> }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return null;

  const show = (key: string, value: unknown): string => {
    if (value === null || value === '') return '—';
    if (typeof value === 'boolean') return translate(`ra.boolean.${value}`);
    if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(value) : value;
    if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) {
      return value.map((item) => (ROLE_LISTS.has(key) ? translate(`app.roles.${item}`, { _: String(item) }) : String(item))).join(', ');
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };

  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, margin: 0 }}>
      {entries.map(([key, value]) => (
        <Fragment key={key}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {translate(`app.data.${key}`, { _: key })}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ margin: 0, overflowWrap: 'anywhere' }}>
            {show(key, value)}
          </Typography>
        </Fragment>
      ))}
    </Box>
  );
};
