import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link, useTranslate } from 'react-admin';

interface CountCardProps {
  /** A catalog key, with its parameters. */
  label: string;
  labelOptions?: Record<string, unknown>;
  /** The figure, already worded for the reader (a count, an amount). */
  value: ReactNode | undefined;
  /** A second line: what else the figure says (how many customers, a median). */
  detail?: ReactNode;
  icon: ReactNode;
  /** The list this figure counts, already filtered; none when the reader may not open it. */
  to?: string;
  testId: string;
  color?: 'error' | 'primary';
  /** Whether the figure is worth the colour (a zero is not). */
  highlight?: boolean;
}

/** One figure of the dashboard that opens the list behind it. */
export const CountCard = ({ label, labelOptions, value, detail, icon, to, testId, color = 'primary', highlight = true }: CountCardProps) => {
  const translate = useTranslate();
  const content = (
    <CardContent>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography color={color} sx={{ display: 'flex' }}>
          {icon}
        </Typography>
        <div>
          <Typography variant="body2" color="text.secondary">
            {translate(label, labelOptions)}
          </Typography>
          <Typography variant="h4" component="p" color={highlight ? color : undefined} data-testid={`${testId}-count`}>
            {value ?? <Skeleton width={40} />}
          </Typography>
          {detail !== undefined && (
            <Typography variant="body2" color="text.secondary" data-testid={`${testId}-detail`}>
              {detail}
            </Typography>
          )}
        </div>
      </Stack>
    </CardContent>
  );
  return (
    <Card sx={{ height: '100%' }}>
      {to ? (
        <CardActionArea component={Link} to={to} data-testid={testId} aria-label={translate(label, labelOptions)} sx={{ height: '100%' }}>
          {content}
        </CardActionArea>
      ) : (
        <div data-testid={testId}>{content}</div>
      )}
    </Card>
  );
};
