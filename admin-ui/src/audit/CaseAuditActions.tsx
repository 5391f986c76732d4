import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { CanAccess, useLocaleState } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { EXPORT_FORMATS } from '../../../domain/audit/codes';
import { exportUrl, timelinePath } from './api';
import { useAuditWords } from './useAuditWords';

/** On a case page, for auditors: the case's audit timeline and its case file to download, in the reader's language. */
export const CaseAuditActions = ({ caseId }: { caseId: number }) => {
  const { t } = useAuditWords();
  const [locale] = useLocaleState();
  return (
    <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap data-testid="case-audit-actions">
      <CanAccess resource="audit" action="search">
        <Button size="small" variant="outlined" component={RouterLink} to={timelinePath('case', caseId)} data-testid="case-audit-timeline">
          {t('app.audit.timeline.case_timeline')}
        </Button>
      </CanAccess>
      <CanAccess resource="audit" action="export">
        {EXPORT_FORMATS.map((format) => (
          <Button key={format} component="a" size="small" variant="outlined" href={exportUrl(caseId, format, locale === 'en' ? 'en' : 'zh-CN')} download data-testid={`case-export-${format}`}>
            {t(`app.audit.export.${format}`)}
          </Button>
        ))}
      </CanAccess>
    </Stack>
  );
};
