import Alert from '@mui/material/Alert';
import { useLocaleState, useTranslate } from 'react-admin';
import type { PolicyImpact } from './types';

/** A preview's impacts, each from its catalog code with its figures. */
export const ImpactList = ({ impacts }: { impacts: PolicyImpact[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const list = (value: unknown) => (Array.isArray(value) ? value.join(locale === 'en' ? ', ' : '、') : value);
  return (
    <Alert severity={impacts.every((impact) => impact.code === 'NO_IMPACT') ? 'success' : 'warning'} data-testid="preview-impacts">
      <strong>{translate('app.policy.impacts')}</strong>
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {impacts.map((impact, index) => (
          <li key={index} data-testid={`impact-${impact.code}`}>
            {translate(`app.policy.impact.${impact.code}`, Object.fromEntries(Object.entries(impact.params ?? {}).map(([name, value]) => [name, list(value)])))}
          </li>
        ))}
      </ul>
    </Alert>
  );
};
