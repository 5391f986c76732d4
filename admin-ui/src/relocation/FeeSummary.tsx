import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BooleanInput, maxLength, regex, required, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { ServiceAccount } from '../../../domain/contracts/relocation';
import type { RelocationKind } from '../../../domain/relocation/exchange';
import { OVERRIDE_REASON_MAX } from '../../../domain/relocation/fees';
import { feePreview, type IntakeValues } from './intake';
import { fenOfYuan, formatYuan } from './money';

const YUAN = regex(/^\s*\d{1,9}(\.\d{1,2})?\s*$/, 'app.relocation.intake.yuan_format');

/**
 * The fees itemised and totalled in yuan, as the API computes them (the same pure function,
 * domain/relocation/fees.ts, with the tariff's figures in force as the line's lookup answers them), the deposit beside them, and the
 * override (total and reason) for those who may set it.
 */
export const FeeSummary = ({ kind, line, mayOverride }: { kind: RelocationKind; line: ServiceAccount; mayOverride: boolean }) => {
  const translate = useTranslate();
  const values = useWatch() as IntakeValues;
  const fees = feePreview(kind, line, values, line.fees);
  const overrideFen = mayOverride && values.overrideFee ? fenOfYuan(values.feeOverrideYuan ?? '') : null;
  const deposit = !line.local && values.guarantee !== 'guarantor' ? line.depositFen : 0;
  return (
    <Stack spacing={1} sx={{ width: '100%' }} data-testid="relocation-fees">
      <Table size="small" sx={{ maxWidth: 520 }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.relocation.intake.fee_item')}</TableCell>
            <TableCell align="right">{translate('app.relocation.intake.fee_amount')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {fees.lines.map((line) => (
            <TableRow key={line.code} data-testid={`relocation-fee-${line.code}`}>
              <TableCell>{translate(`app.relocation.fee.${line.code}`)}</TableCell>
              <TableCell align="right">{formatYuan(line.amountFen)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell sx={{ fontWeight: 'bold' }}>{translate('app.relocation.intake.fee_total')}</TableCell>
            <TableCell align="right" sx={{ fontWeight: 'bold', textDecoration: overrideFen === null ? undefined : 'line-through' }} data-testid="relocation-fee-total">
              {formatYuan(fees.totalFen)}
            </TableCell>
          </TableRow>
          {overrideFen !== null && (
            <TableRow>
              <TableCell sx={{ fontWeight: 'bold' }}>{translate('app.relocation.intake.fee_total_set')}</TableCell>
              <TableCell align="right" sx={{ fontWeight: 'bold' }} data-testid="relocation-fee-total-set">
                {formatYuan(overrideFen)}
              </TableCell>
            </TableRow>
          )}
          {deposit > 0 && (
            <TableRow>
              <TableCell>{translate('app.relocation.intake.deposit_line')}</TableCell>
              <TableCell align="right" data-testid="relocation-fee-deposit">
                {formatYuan(deposit)}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary">
        {translate('app.relocation.intake.fee_preview_note')}
      </Typography>
      {mayOverride && (
        <>
          <BooleanInput source="overrideFee" label="app.relocation.intake.override" helperText={false} />
          {values.overrideFee && (
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              <TextInput source="feeOverrideYuan" label="app.relocation.intake.override_total" validate={[required(), YUAN]} sx={{ maxWidth: 200 }} />
              <TextInput source="feeOverrideReason" label="app.relocation.intake.override_reason" validate={[required(), maxLength(OVERRIDE_REASON_MAX)]} sx={{ minWidth: 320 }} />
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
};
