import Chip from '@mui/material/Chip';
import { useTranslate } from 'react-admin';

interface QuickFilterProps {
  label: string;
  source: string;
  defaultValue: unknown;
}

/** A filter that is either on or off, shown as a chip (react-admin's documented pattern). */
export const QuickFilter = ({ label }: QuickFilterProps) => {
  const translate = useTranslate();
  return <Chip sx={{ marginBottom: 1 }} label={translate(label)} />;
};
