import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link, useTranslate } from 'react-admin';

interface CountCardProps {
  label: string;
  value: number | undefined;
  icon: ReactNode;
  /** The list this number counts, already filtered. */
  to: string;
  testId: string;
  color?: 'error' | 'primary';
}

/** One number of the dashboard that opens the list behind it. */
export const CountCard = ({ label, value, icon, to, testId, color = 'primary' }: CountCardProps) => {
  const translate = useTranslate();
  return (
    <Card>
      <CardActionArea component={Link} to={to} data-testid={testId} aria-label={translate(label)}>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography color={color} sx={{ display: 'flex' }}>
              {icon}
            </Typography>
            <div>
              <Typography variant="body2" color="text.secondary">
                {translate(label)}
              </Typography>
              <Typography variant="h4" component="p" color={value ? color : undefined} data-testid={`${testId}-count`}>
                {value ?? <Skeleton width={40} />}
              </Typography>
            </div>
          </Stack>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};
