import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { useApiErrorMessage } from '../common/apiErrors';
import { issuesOf, policyInForce, policySchema, previewPolicy, publishPolicy, type PolicyIssue } from './api';
import { ImpactList } from './ImpactList';
import { emptyValue, type JsonSchema } from './schema';
import { SchemaForm } from './SchemaForm';
import { POLICY_KEYS, type PolicyImpact, type PolicyKey, type PolicyVersion } from './types';
import { usePolicyText } from './usePolicyText';

const isPolicyKey = (value: string | null): value is PolicyKey => (POLICY_KEYS as readonly (string | null)[]).includes(value);

/** "Publish a new version" of the policy named by `?key=`: prefilled with the one in force. */
export const PolicyCreate = () => {
  const [params] = useSearchParams();
  const key = params.get('key');
  const policyKey: PolicyKey = isPolicyKey(key) ? key : 'disconnection';
  const [loaded, setLoaded] = useState<{ schema: JsonSchema; inForce?: PolicyVersion }>();
  const [failed, setFailed] = useState<unknown>();
  const describe = useApiErrorMessage();

  useEffect(() => {
    let current = true;
    setLoaded(undefined);
    Promise.all([policySchema(policyKey), policyInForce(policyKey)])
      .then(([schema, inForce]) => current && setLoaded({ schema, inForce }))
      .catch((error) => current && setFailed(error));
    return () => {
      current = false;
    };
  }, [policyKey]);

  if (failed) return <Alert severity="error">{describe(failed)}</Alert>;
  if (!loaded) return <LinearProgress />;
  return <PublishForm key={policyKey} policyKey={policyKey} schema={loaded.schema} inForce={loaded.inForce} />;
};

type View = 'form' | 'json';

const PublishForm = ({ policyKey, schema, inForce }: { policyKey: PolicyKey; schema: JsonSchema; inForce?: PolicyVersion }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const describe = useApiErrorMessage();
  const { fieldOf } = usePolicyText(policyKey);
  const [value, setValue] = useState<unknown>(() => structuredClone(inForce?.value ?? emptyValue(schema, schema)));
  const [view, setView] = useState<View>('form');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string>();
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [impacts, setImpacts] = useState<{ for: string; impacts: PolicyImpact[] }>();
  const [issues, setIssues] = useState<PolicyIssue[]>([]);
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);

  const effectiveAt = when === 'at' && at ? new Date(at).toISOString() : undefined;
  // What was previewed: publishing asks for a preview of exactly what is sent.
  const current = JSON.stringify({ value, effectiveAt });
  const previewed = impacts?.for === current;

  const issueText = (issue: PolicyIssue) => {
    const finer = typeof issue.params?.code === 'string' ? issue.params.code : undefined;
    const params: Record<string, unknown> = { ...(issue as unknown as Record<string, unknown>), ...issue.params, field: fieldOf(issue.path) };
    if (Array.isArray(params.allowed)) params.allowed = (params.allowed as unknown[]).map((name) => `{${String(name)}}`).join(' ');
    const fallback = translate(`app.policy.issue.${issue.code}`, { ...params, _: `${params.field}: ${issue.code}` });
    return finer ? translate(`app.policy.issue.${finer}`, { ...params, _: fallback }) : fallback;
  };
  const issueAt = (path: (string | number)[]) => {
    const here = issues.filter((issue) => issue.path.map(String).join('.') === path.map(String).join('.'));
    return here.length > 0 ? here.map(issueText).join('; ') : undefined;
  };

  /** The JSON editor's text as the value, or undefined (with the error shown) when it is not one. */
  const parseJson = (): unknown => {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        setJsonError(translate('app.policy.json_not_object'));
        return undefined;
      }
      setJsonError(undefined);
      return parsed;
    } catch {
      setJsonError(translate('app.policy.json_invalid'));
      return undefined;
    }
  };

  const switchView = (next: View | null) => {
    if (!next || next === view) return;
    if (next === 'json') {
      setJson(JSON.stringify(value, null, 2));
      setJsonError(undefined);
      setView('json');
      return;
    }
    const parsed = parseJson();
    if (parsed !== undefined) {
      setValue(parsed);
      setView('form');
    }
  };

  /** The value to send: the JSON editor's, when it is open and valid. */
  const valueToSend = (): unknown => {
    if (view === 'form') return value;
    const parsed = parseJson();
    if (parsed !== undefined) setValue(parsed);
    return parsed;
  };

  const run = async (action: (sent: unknown) => Promise<void>) => {
    const sent = valueToSend();
    if (sent === undefined) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await action(sent);
      setIssues([]);
    } catch (error) {
      setIssues(issuesOf(error));
      setRefusal(describe(error));
    } finally {
      setBusy(false);
    }
  };

  const preview = () =>
    run(async (sent) => {
      const found = await previewPolicy({ key: policyKey, value: sent, effectiveAt });
      setImpacts({ for: JSON.stringify({ value: sent, effectiveAt }), impacts: found });
    });

  const publish = () =>
    run(async (sent) => {
      const published = await publishPolicy({ key: policyKey, value: sent, reason: reason.trim(), effectiveAt });
      notify('app.policy.published', { type: 'success', messageArgs: { version: published.version } });
      redirect('show', 'policies', published.id);
    });

  return (
    <Card sx={{ marginTop: 2 }}>
      <Title title={translate('app.policy.publish_title', { policy: translate(`app.policy_key.${policyKey}`) })} />
      <CardContent>
        <Stack spacing={3} data-testid={`publish-${policyKey}`}>
          <Typography variant="h6">{translate('app.policy.publish_title', { policy: translate(`app.policy_key.${policyKey}`) })}</Typography>
          <Typography variant="body2" color="text.secondary">
            {inForce ? translate('app.policy.prefilled', { version: inForce.version }) : translate('app.policy.prefilled_defaults')} {translate('app.policy.new_case_note')}
          </Typography>
          <ToggleButtonGroup exclusive size="small" value={view} onChange={(_event, next: View | null) => switchView(next)}>
            <ToggleButton value="form" data-testid="view-form">
              {translate('app.policy.form_view')}
            </ToggleButton>
            <ToggleButton value="json" data-testid="view-json">
              {translate('app.policy.json_view')}
            </ToggleButton>
          </ToggleButtonGroup>
          {view === 'form' ? (
            <SchemaForm policyKey={policyKey} schema={schema} value={value} onChange={setValue} issueAt={issueAt} />
          ) : (
            <TextField
              multiline
              minRows={16}
              fullWidth
              value={json}
              onChange={(event) => setJson(event.target.value)}
              onBlur={() => {
                const parsed = parseJson();
                if (parsed !== undefined) setValue(parsed);
              }}
              error={Boolean(jsonError)}
              helperText={jsonError ?? translate('app.policy.json_help')}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' }, 'data-testid': 'policy-json' } }}
            />
          )}
          <TextField
            required
            multiline
            label={translate('app.policy.reason')}
            helperText={translate('app.policy.reason_required')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'policy-reason' } }}
          />
          <Box>
            <Typography variant="subtitle2">{translate('app.policy.effective')}</Typography>
            <RadioGroup row value={when} onChange={(event) => setWhen(event.target.value as 'now' | 'at')}>
              <FormControlLabel value="now" control={<Radio />} label={translate('app.policy.effective_now')} />
              <FormControlLabel value="at" control={<Radio slotProps={{ input: { 'data-testid': 'effective-at-choice' } as object }} />} label={translate('app.policy.effective_at')} />
            </RadioGroup>
            {when === 'at' && (
              <TextField
                type="datetime-local"
                label={translate('app.policy.effective_at_input')}
                value={at}
                onChange={(event) => setAt(event.target.value)}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'effective-at' } }}
              />
            )}
          </Box>
          {refusal && (
            <Alert severity="error" data-testid="policy-refusal">
              {refusal}
              {issues.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                  {issues.map((issue, index) => (
                    <li key={index}>{issueText(issue)}</li>
                  ))}
                </ul>
              )}
            </Alert>
          )}
          {impacts && previewed && <ImpactList impacts={impacts.impacts} />}
          {impacts && !previewed && <Alert severity="info">{translate('app.policy.preview_again')}</Alert>}
          <Stack direction="row" spacing={2}>
            <Button variant="outlined" disabled={busy} onClick={preview} data-testid="action-preview">
              {translate('app.policy.preview')}
            </Button>
            <Button variant="contained" disabled={busy || !previewed || reason.trim() === '' || (when === 'at' && !at)} onClick={publish} data-testid="action-publish">
              {translate('app.policy.publish')}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
};
