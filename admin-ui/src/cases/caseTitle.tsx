import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { Case } from '../types';

/**
 * A case's title in the reader's language. The stored title (what searches match, and what
 * auditors read) is Chinese text made when the case opened; people read one made of the
 * case's type, customer and start date instead.
 */
export function useCaseTitle(): (record: Pick<Case, 'id' | 'type' | 'customerNo' | 'customerName' | 'startedAt'>) => string {
  const translate = useTranslate();
  return (record) => {
    const type = translate(`app.case_type.${record.type}`, { _: record.type });
    // The day in China, where the offices are.
    const date = new Date(record.startedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    return record.customerNo
      ? translate('app.case_title.customer', { type, customerNo: record.customerNo, customerName: record.customerName ?? '' })
      : translate('app.case_title.batch', { type, date, id: record.id });
  };
}

export const CaseTitleField = (_props: FieldProps) => {
  const record = useRecordContext<Case>();
  const title = useCaseTitle();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" data-testid="case-title">
      {title(record)}
    </Typography>
  );
};

/** "案件 <title>" at the top of the case page. */
export const CasePageTitle = () => {
  const record = useRecordContext<Case>();
  const translate = useTranslate();
  const title = useCaseTitle();
  return <span>{record ? `${translate('resources.cases.name', { smart_count: 1 })} ${title(record)}` : ''}</span>;
};
