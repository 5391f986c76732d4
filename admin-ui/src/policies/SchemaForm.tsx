import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { createContext, useContext } from 'react';
import { useTranslate } from 'react-admin';
import { alternativesOf, emptyValue, memberOf, resolve, setAt, type JsonSchema } from './schema';
import { usePolicyText } from './usePolicyText';

type Path = (string | number)[];

interface FormContext {
  root: JsonSchema;
  policyKey: string;
  /** The API's complaint about the field at this path, in words. */
  issueAt: (path: Path) => string | undefined;
}
const Form = createContext<FormContext | null>(null);
const useForm = () => useContext(Form)!;

const testId = (path: Path) => `field-${path.join('.')}`;

/**
 * A form generated from a policy's JSON schema: numbers, yes/no, text, choices, lists of
 * objects, groups and the escalation actions' alternatives, every field labelled from the
 * catalog. The value is one plain object, changed immutably.
 */
export const SchemaForm = ({ policyKey, schema, value, onChange, issueAt }: {
  policyKey: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  issueAt: (path: Path) => string | undefined;
}) => (
  <Form.Provider value={{ root: schema, policyKey, issueAt }}>
    <ObjectFields schema={resolve(schema, schema)} path={[]} value={value} onChange={onChange} />
  </Form.Provider>
);

interface FieldProps {
  schema: JsonSchema;
  path: Path;
  value: unknown;
  onChange: (value: unknown) => void;
}

const useLabel = (path: Path) => {
  const { policyKey } = useForm();
  const { labelOf } = usePolicyText(policyKey);
  // The field's own label: the groups and list items around it say where it is.
  return labelOf(path.filter((part): part is string => typeof part === 'string'));
};

const ObjectFields = ({ schema, path, value, onChange }: FieldProps) => {
  const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return (
    <Stack spacing={2}>
      {Object.entries(schema.properties ?? {}).map(([name, child]) => (
        <SchemaField key={name} schema={child} path={[...path, name]} value={object[name]} onChange={(next) => onChange(setAt(object, [name], next))} />
      ))}
    </Stack>
  );
};

const SchemaField = (props: FieldProps) => {
  const { root } = useForm();
  const schema = resolve(props.schema, root);
  const alternatives = alternativesOf(schema);
  if (alternatives) return <UnionField {...props} schema={schema} alternatives={alternatives} />;
  switch (schema.type) {
    case 'object':
      return <GroupField {...props} schema={schema} />;
    case 'array': {
      const items = schema.items ? resolve(schema.items, root) : {};
      if (items.type === 'string' && items.enum) return <ChoicesField {...props} schema={schema} choices={items.enum.map(String)} />;
      if (items.type === 'string' || items.type === 'integer' || items.type === 'number') return <LinesField {...props} schema={schema} />;
      return <ListField {...props} schema={schema} />;
    }
    case 'boolean':
      return <BooleanField {...props} schema={schema} />;
    case 'integer':
    case 'number':
      return <NumberField {...props} schema={schema} />;
    default:
      return <TextValueField {...props} schema={schema} />;
  }
};

const GroupField = ({ schema, path, value, onChange }: FieldProps) => {
  const label = useLabel(path);
  return (
    <Box component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, padding: 2, margin: 0 }} data-testid={testId(path)}>
      <Typography component="legend" variant="subtitle2" sx={{ paddingX: 0.5 }}>
        {label}
      </Typography>
      <ObjectFields schema={schema} path={path} value={value} onChange={onChange} />
    </Box>
  );
};

/** A list of groups (approval levels, escalation actions): each removable, more addable. */
const ListField = ({ schema, path, value, onChange }: FieldProps) => {
  const translate = useTranslate();
  const { root, issueAt } = useForm();
  const label = useLabel(path);
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? {};
  const canAdd = schema.maxItems === undefined || items.length < schema.maxItems;
  const canRemove = items.length > (schema.minItems ?? 0);
  const issue = issueAt(path);
  return (
    <Box component="fieldset" sx={{ border: 1, borderColor: issue ? 'error.main' : 'divider', borderRadius: 1, padding: 2, margin: 0 }} data-testid={testId(path)}>
      <Typography component="legend" variant="subtitle2" sx={{ paddingX: 0.5 }}>
        {label}
      </Typography>
      <Stack spacing={2}>
        {items.map((item, index) => (
          <Box key={index} sx={{ borderLeft: 3, borderColor: 'primary.light', paddingLeft: 2 }}>
            <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography variant="body2" color="text.secondary">
                {translate('app.policy.item', { label, n: index + 1 })}
              </Typography>
              <IconButton aria-label={translate('app.policy.remove')} title={translate('app.policy.remove')} disabled={!canRemove} onClick={() => onChange(items.filter((_, i) => i !== index))}>
                <DeleteOutlineIcon fontSize="small" />
              </IconButton>
            </Stack>
            {/* An item that is a group needs no frame of its own inside the item's. */}
            {resolve(itemSchema, root).type === 'object' ? (
              <ObjectFields schema={resolve(itemSchema, root)} path={[...path, index]} value={item} onChange={(next) => onChange(setAt(items, [index], next))} />
            ) : (
              <SchemaField schema={itemSchema} path={[...path, index]} value={item} onChange={(next) => onChange(setAt(items, [index], next))} />
            )}
          </Box>
        ))}
        <Box>
          <Button size="small" startIcon={<AddIcon />} disabled={!canAdd} onClick={() => onChange([...items, emptyValue(itemSchema, root)])}>
            {translate('app.policy.add')}
          </Button>
        </Box>
        {issue && <FormHelperText error>{issue}</FormHelperText>}
      </Stack>
    </Box>
  );
};

/** One of several shapes (an escalation action): pick which, then fill its fields. */
const UnionField = ({ path, value, onChange, alternatives }: FieldProps & { alternatives: JsonSchema[] }) => {
  const translate = useTranslate();
  const { root, policyKey, issueAt } = useForm();
  const { labelOf } = usePolicyText(policyKey);
  const chosen = memberOf(alternatives, value, root);
  const names = path.filter((part): part is string => typeof part === 'string');
  // Each alternative is named by its own field's label ("Notify", "Reassign to").
  const nameOf = (alternative: JsonSchema) => {
    const fields = Object.keys(resolve(alternative, root).properties ?? {});
    return fields.map((field) => labelOf([...names, field])).join(' · ');
  };
  const member = resolve(alternatives[chosen] ?? {}, root);
  return (
    <Stack spacing={1}>
      <FormControl size="small" sx={{ minWidth: 240 }} error={Boolean(issueAt(path))}>
        <InputLabel>{translate('app.policy.kind')}</InputLabel>
        <Select
          label={translate('app.policy.kind')}
          value={chosen}
          onChange={(event) => onChange(emptyValue(alternatives[Number(event.target.value)] ?? {}, root))}
          inputProps={{ 'data-testid': testId(path) }}
        >
          {alternatives.map((alternative, index) => (
            <MenuItem key={index} value={index}>
              {nameOf(alternative)}
            </MenuItem>
          ))}
        </Select>
        {issueAt(path) && <FormHelperText>{issueAt(path)}</FormHelperText>}
      </FormControl>
      {/* A constant (notify: supervisor) is shown, not asked for. */}
      <ObjectFields schema={member} path={path} value={value} onChange={onChange} />
    </Stack>
  );
};

/** Several of a fixed set of words (roles): chosen from a list, shown by name. */
const ChoicesField = ({ path, value, onChange, choices }: FieldProps & { choices: string[] }) => {
  const { policyKey, issueAt } = useForm();
  const { valueOf } = usePolicyText(policyKey);
  const label = useLabel(path);
  const selected = Array.isArray(value) ? (value as string[]) : [];
  const issue = issueAt(path);
  return (
    <FormControl size="small" fullWidth error={Boolean(issue)}>
      <InputLabel>{label}</InputLabel>
      <Select
        multiple
        label={label}
        value={selected}
        onChange={(event) => onChange(typeof event.target.value === 'string' ? event.target.value.split(',') : event.target.value)}
        renderValue={(values) => (
          <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }}>
            {values.map((word) => (
              <Chip key={word} size="small" label={valueOf(word)} />
            ))}
          </Stack>
        )}
        inputProps={{ 'data-testid': testId(path) }}
      >
        {choices.map((word) => (
          <MenuItem key={word} value={word}>
            {valueOf(word)}
          </MenuItem>
        ))}
      </Select>
      {issue && <FormHelperText>{issue}</FormHelperText>}
    </FormControl>
  );
};

/** A list of plain values (dates): one a line. */
const LinesField = ({ schema, path, value, onChange }: FieldProps) => {
  const { root, issueAt } = useForm();
  const label = useLabel(path);
  const items = Array.isArray(value) ? value.map(String) : [];
  const numeric = ['integer', 'number'].includes(resolve(schema.items ?? {}, root).type ?? '');
  return (
    <TextField
      label={label}
      multiline
      minRows={2}
      maxRows={8}
      fullWidth
      size="small"
      value={items.join('\n')}
      onChange={(event) => {
        const lines = event.target.value.split('\n');
        onChange(numeric ? lines.filter((line) => line.trim() !== '').map(Number) : lines);
      }}
      // Blank lines are dropped once the designer leaves the field, not while typing.
      onBlur={() => onChange(items.map((line) => line.trim()).filter((line) => line !== ''))}
      error={Boolean(issueAt(path))}
      helperText={issueAt(path)}
      slotProps={{ htmlInput: { 'data-testid': testId(path) } }}
    />
  );
};

const BooleanField = ({ path, value, onChange }: FieldProps) => {
  const { issueAt } = useForm();
  const label = useLabel(path);
  return (
    <Box>
      <FormControlLabel control={<Switch checked={value === true} onChange={(event) => onChange(event.target.checked)} slotProps={{ input: { 'data-testid': testId(path) } as object }} />} label={label} />
      {issueAt(path) && <FormHelperText error>{issueAt(path)}</FormHelperText>}
    </Box>
  );
};

const NumberField = ({ schema, path, value, onChange }: FieldProps) => {
  const { issueAt } = useForm();
  const label = useLabel(path);
  const max = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  return (
    <TextField
      label={label}
      type="number"
      size="small"
      sx={{ maxWidth: 360 }}
      value={typeof value === 'number' ? String(value) : ''}
      onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      error={Boolean(issueAt(path))}
      helperText={issueAt(path)}
      slotProps={{ htmlInput: { min: schema.minimum, max, step: schema.type === 'integer' ? 1 : 'any', 'data-testid': testId(path) } }}
    />
  );
};

const TextValueField = ({ schema, path, value, onChange }: FieldProps) => {
  const { policyKey, issueAt } = useForm();
  const { valueOf } = usePolicyText(policyKey);
  const label = useLabel(path);
  if (schema.const !== undefined) {
    return (
      <Typography variant="body2">
        {label}: {valueOf(schema.const)}
      </Typography>
    );
  }
  if (schema.enum) {
    return (
      <TextField select label={label} size="small" sx={{ maxWidth: 360 }} value={value ?? ''} onChange={(event) => onChange(event.target.value)} error={Boolean(issueAt(path))} helperText={issueAt(path)} slotProps={{ htmlInput: { 'data-testid': testId(path) } }}>
        {schema.enum.map((word) => (
          <MenuItem key={String(word)} value={String(word)}>
            {valueOf(word)}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  const text = typeof value === 'string' ? value : '';
  // Message templates are sentences; times of day and names are short.
  const long = text.length > 40;
  return (
    <TextField
      label={label}
      size="small"
      fullWidth={long}
      sx={long ? undefined : { maxWidth: 360 }}
      multiline={long}
      value={text}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(issueAt(path))}
      helperText={issueAt(path)}
      slotProps={{ htmlInput: { maxLength: schema.maxLength, 'data-testid': testId(path) } }}
    />
  );
};
