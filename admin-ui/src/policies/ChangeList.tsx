import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { PolicyVersion } from './types';
import { usePolicyText } from './usePolicyText';

/** What a version changed, one line a field: "label: old → new". */
export const ChangeList = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const { fieldOf, valueOf } = usePolicyText(version.key);
  if (version.version === 1 && version.changes.length === 0) {
    return <Typography variant="body2">{translate('app.policy.first_version')}</Typography>;
  }
  if (version.changes.length === 0) return <Typography variant="body2">{translate('app.policy.no_changes')}</Typography>;
  return (
    <ul style={{ margin: 0, paddingLeft: '1.2em' }} data-testid={`changes-${version.id}`}>
      {version.changes.map((change) => {
        const names = change.path.filter((part) => !/^\d+$/.test(part));
        return (
          <li key={change.path.join('.')}>
            <Typography variant="body2" component="span">
              {translate('app.policy.change', { field: fieldOf(change.path), from: valueOf(change.from, names), to: valueOf(change.to, names) })}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
};
