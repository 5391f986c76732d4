import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link, useLocaleState, useTranslate } from 'react-admin';
import type { ReportFigure } from '../../../domain/contracts/reports';
import { casesLink } from './casesLink';
import { formatShare } from './format';

interface FigureCardProps {
  /** Catalog key of the figure's name. */
  label: string;
  testId: string;
  /** A count with its cases, or a text already worded (a time). */
  figure?: ReportFigure;
  text?: string;
}

/** One figure of a report: its value, its share of the whole, and a link to the cases behind it. */
export const FigureCard = ({ label, testId, figure, text }: FigureCardProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const value = text ?? String(figure?.value ?? 0);
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={`figure-${testId}`}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {translate(label)}
        </Typography>
        <Typography variant="h5" component="p">
          {figure && figure.caseIds.length > 0 ? (
            <Link to={casesLink(figure.caseIds)} data-testid={`figure-${testId}-value`} title={translate('app.reports.open_cases', { smart_count: figure.caseIds.length })}>
              {value}
            </Link>
          ) : (
            <span data-testid={`figure-${testId}-value`}>{value}</span>
          )}
          {figure?.share !== null && figure?.share !== undefined && (
            <Typography component="span" variant="body1" color="text.secondary" sx={{ marginLeft: 1 }} data-testid={`figure-${testId}-share`}>
              {formatShare(figure.share, locale)}
            </Typography>
          )}
        </Typography>
        {figure?.caseIdsTruncated && (
          <Typography variant="caption" color="text.secondary">
            {translate('app.reports.cases_truncated', { count: figure.caseIds.length })}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};

/** A count in a table cell that opens its cases (plain text when there are none). */
export const CasesCount = ({ value, caseIds, testId }: { value: number | string; caseIds: readonly number[]; testId?: string }) => {
  const translate = useTranslate();
  return caseIds.length > 0 ? (
    <Link to={casesLink(caseIds)} data-testid={testId} title={translate('app.reports.open_cases', { smart_count: caseIds.length })}>
      {value}
    </Link>
  ) : (
    <span data-testid={testId}>{value}</span>
  );
};
