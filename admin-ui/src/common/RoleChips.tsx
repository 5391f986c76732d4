import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** A list of role codes, each by its name (抄表员/催费员, 审批人, ...). */
export const RoleChips = ({ source = 'roles' }: FieldProps) => {
  const translate = useTranslate();
  const roles = useFieldValue({ source });
  if (!Array.isArray(roles) || roles.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {roles.map((role: string) => (
        <Chip key={role} size="small" label={translate(`app.roles.${role}`, { _: role })} />
      ))}
    </Stack>
  );
};
