import Alert from '@mui/material/Alert';
import { useLocaleState, useTranslate } from 'react-admin';
import { useFormatDateTime } from '../common/DateTimeField';
import type { PolicyImpact } from './types';

/** A preview's impacts, each from its catalog code with its figures. */
export const ImpactList = ({ impacts }: { impacts: PolicyImpact[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const formatDateTime = useFormatDateTime();
  // Times come as ISO text, lists (task numbers) as arrays.
  const shown = (value: unknown) =>
    Array.isArray(value) ? value.join(locale === 'en' ? ', ' : '、') : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatDateTime(value) : value;
  return (
    <Alert severity={impacts.every((impact) => impact.code === 'NO_IMPACT') ? 'success' : 'warning'} data-testid="preview-impacts">
      <strong>{translate('app.policy.impacts')}</strong>
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {impacts.map((impact, index) => (
          <li key={index} data-testid={`impact-${impact.code}`}>
            {translate(`app.policy.impact.${impact.code}`, Object.fromEntries(Object.entries(impact.params ?? {}).map(([name, value]) => [name, shown(value)])))}
            {impact.code === 'CUSTOMERS_MOVED' && impact.params.from && impact.params.to && ` ${translate('app.policy.impact_moved', { from: shown(impact.params.from), to: shown(impact.params.to) })}`}
          </li>
        ))}
      </ul>
    </Alert>
  );
};
