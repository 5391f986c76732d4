import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Title } from 'react-admin';
import { type ChainReportRecord, verifyChain } from './api';
import { useAuditWords } from './useAuditWords';

/**
 * #/audit/verify — walks the whole chain on the server (db/audit/chain.ts verifyChain) and
 * says what it found in the reader's language, from the report's codes and parameters.
 */
export const VerifyChainPage = () => {
  const { t } = useAuditWords();
  const [report, setReport] = useState<ChainReportRecord | undefined>();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setReport(await verifyChain());
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card sx={{ marginTop: 2 }}>
      <Title title={t('app.audit.verify.title')} />
      <CardContent>
        <Typography gutterBottom>{t('app.audit.verify.explain')}</Typography>
        <Button variant="contained" onClick={run} disabled={busy} data-testid="verify-run" sx={{ marginBottom: 2 }}>
          {t(busy ? 'app.audit.verify.running' : 'app.audit.verify.run')}
        </Button>
        {failed && <Alert severity="warning">{t('ra.notification.http_error')}</Alert>}
        {report && <VerifyResult report={report} />}
      </CardContent>
    </Card>
  );
};

const VerifyResult = ({ report }: { report: ChainReportRecord }) => {
  const { t } = useAuditWords();
  const seconds = report.seconds.toFixed(2);
  return (
    <Alert severity={report.ok ? 'success' : 'error'} data-testid="verify-result" data-ok={String(report.ok)}>
      <Typography variant="body1">
        {report.ok ? t('app.audit.verify.ok', { checked: report.checked, anchors: report.anchorsChecked, seconds }) : t('app.audit.verify.broken', { checked: report.checked })}
      </Typography>
      {report.problem && (
        <Typography variant="body1" data-testid="verify-problem">
          {t(`app.audit.verify.problem.${report.problem.kind}`, { ...report.problem.params, seq: report.problem.seq })}
        </Typography>
      )}
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {report.head ? (
          <>
            {t('app.audit.verify.head', { seq: report.head.seq, hash: '' })}
            <span data-raw>{report.head.hash}</span>
          </>
        ) : (
          t('app.audit.verify.empty')
        )}
      </Typography>
    </Alert>
  );
};
