import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  Link,
  maxLength,
  regex,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Title,
  Toolbar,
  useCanAccess,
  useCreatePath,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { NAME_MAX, PHONE_NUMBER, type ExchangeResolution, type RelocationOrder, type ServiceAccount } from '../../../domain/contracts/relocation';
import { randomKey } from '../disconnections/applicationKey';
import { API_URL, apiRefusalOf, httpClient } from '../httpClient';
import { AddressExchange } from './AddressExchange';
import { AppointmentInputs } from './AppointmentInputs';
import { FeeSummary } from './FeeSummary';
import { GuarantorPicker, type Guarantor } from './GuarantorPicker';
import { INTAKE_DEFAULTS, kindOf, orderRequestOf, type IntakeValues } from './intake';
import { LineCard } from './LineCard';
import { lookUpLine } from './lookups';
import { NumberChoice } from './NumberChoice';
import { planChoices } from './pricingPlans';
import { RealNameInputs } from './RealNameInputs';
import type { RelocationRefusal } from './refusals';
import { useRelocationErrorMessage, useRelocationWords } from './words';

const PHONE = regex(/^\s*\+?[0-9-]{5,20}\s*$/, 'app.relocation.intake.phone_format');
const SERVICE_NO = regex(PHONE_NUMBER, 'app.relocation.intake.service_no_format');

/** Where a refusal left the clerk: its words, and the open order it names. */
interface Shown {
  text: string;
  refusal?: RelocationRefusal;
}

const Part = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ width: '100%', marginBottom: 1 }} data-testid={testId}>
      <Divider sx={{ marginBottom: 1 }} />
      <Typography variant="h6" component="h2" gutterBottom>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

/**
 * 移机受理 at the counter: the clerk types the service number and sees the line (read-only),
 * then the new address (its exchange from the address table, or chosen by hand), the number
 * (a cross-exchange move only), the appointment, the contact, the pricing plan, the real-name
 * registration, the guarantee of a line from outside the area, and the fees as the tariff
 * computes them. One idempotency key per form: a double click, or sending again after a
 * refusal, makes one order.
 */
export const RelocationIntake = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const errorMessage = useRelocationErrorMessage();
  const { canAccess: canCreate } = useCanAccess({ resource: 'relocations', action: 'create' });
  const { canAccess: mayOverride } = useCanAccess({ resource: 'relocations', action: 'override' });
  const [idempotencyKey] = useState(randomKey);
  const [line, setLine] = useState<ServiceAccount | null>(null);
  const [resolution, setResolution] = useState<ExchangeResolution | null>(null);
  const [guarantor, setGuarantor] = useState<Guarantor | null>(null);
  const [shown, setShown] = useState<Shown>();
  const [reload, setReload] = useState({ numbers: 0, slots: 0 });

  const send = async (values: IntakeValues): Promise<Record<string, string> | undefined> => {
    if (!line) return void notify('app.relocation.intake.fill_line_first', { type: 'warning' });
    if (!resolution) return void notify('app.relocation.intake.exchange_resolving', { type: 'warning' });
    const toExchange = resolution.exchange?.code ?? values.exchangeCode;
    if (!toExchange) return { exchangeCode: 'ra.validation.required' };
    if (!line.local && values.guarantee === 'guarantor' && !guarantor) return { guarantee: 'app.relocation.intake.guarantor_required' };
    const body = orderRequestOf(values, {
      line,
      kind: kindOf(line.exchangeCode, toExchange),
      resolved: resolution.exchange !== null,
      ...(guarantor ? { guarantorCustomerId: guarantor.id } : {}),
      mayOverride: mayOverride === true,
      idempotencyKey,
    });
    setShown(undefined);
    try {
      const { json } = await httpClient(`${API_URL}/relocations`, { method: 'POST', body: JSON.stringify(body) });
      const order = json as RelocationOrder;
      notify('app.relocation.intake.accepted', { type: 'success', messageArgs: { orderNo: order.orderNo } });
      redirect('show', 'relocations', order.id);
      return undefined;
    } catch (error) {
      const said = errorMessage(error, { documentType: values.documentType, agentDocumentType: values.agentDocumentType });
      setShown(said);
      notify(said.text, { type: 'error', messageArgs: { _: said.text } });
      const again = said.refusal?.reload;
      if (again) setReload((counts) => ({ ...counts, [again]: counts[again] + 1 }));
      // The address table changed meanwhile: look the address up again.
      if (said.refusal?.code === 'ADDRESS_NOT_COVERED') setResolution({ address: values.newAddress ?? '', exchange: null, prefix: null });
      return said.refusal?.field ? { [said.refusal.field]: said.text } : undefined;
    }
  };

  if (!canCreate && !mayOverride) return null;
  return (
    <Box sx={{ maxWidth: 1000 }}>
      <Title title="app.relocation.intake.title" />
      <Card>
        <SimpleForm
          record={INTAKE_DEFAULTS}
          onSubmit={(values: Record<string, unknown>) => send(values as IntakeValues)}
          toolbar={
            <Toolbar>
              <SaveButton label="app.relocation.intake.submit" data-testid="relocation-submit" />
            </Toolbar>
          }
        >
          <IntakeBody line={line} setLine={setLine} resolution={resolution} setResolution={setResolution} guarantor={guarantor} setGuarantor={setGuarantor} reload={reload} mayOverride={mayOverride === true} />
          {shown && <RefusalAlert shown={shown} />}
        </SimpleForm>
      </Card>
    </Box>
  );
};

const RefusalAlert = ({ shown }: { shown: Shown }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const open = shown.refusal?.openOrder;
  return (
    <Alert severity="error" sx={{ width: '100%' }} data-testid="relocation-refusal">
      {translate('app.relocation.intake.refused', { reason: shown.text })}
      {open && (
        <>
          {' '}
          <Link to={createPath({ resource: 'relocations', id: open.id, type: 'show' })}>{translate('app.relocation.intake.open_order_link', { orderNo: open.orderNo })}</Link>
        </>
      )}
    </Alert>
  );
};

interface BodyProps {
  line: ServiceAccount | null;
  setLine(line: ServiceAccount | null): void;
  resolution: ExchangeResolution | null;
  setResolution(resolution: ExchangeResolution | null): void;
  guarantor: Guarantor | null;
  setGuarantor(guarantor: Guarantor | null): void;
  reload: { numbers: number; slots: number };
  mayOverride: boolean;
}

/** The form's parts, each shown once what it depends on is known. */
const IntakeBody = ({ line, setLine, resolution, setResolution, guarantor, setGuarantor, reload, mayOverride }: BodyProps) => {
  const translate = useTranslate();
  const words = useRelocationWords();
  const serviceNo = ((useWatch({ name: 'serviceNo' }) as string | undefined) ?? '').trim();
  const chosenExchange = useWatch({ name: 'exchangeCode' }) as string | undefined;
  const keepNumber = useWatch({ name: 'keepNumber' }) === true;
  const { setValue } = useFormContext();

  // Another number typed: the line found before no longer applies.
  useEffect(() => {
    if (line && serviceNo !== line.serviceNo) setLine(null);
  }, [line, serviceNo, setLine]);

  // A line found: its pricing plan is where the choice starts.
  useEffect(() => {
    if (line) setValue('pricingPlan', line.pricingPlan);
  }, [line, setValue]);

  const usable = line !== null && line.state === 'active' && line.openRelocation === null;
  const toExchange = resolution === null ? undefined : (resolution.exchange?.code ?? chosenExchange);
  const kind = line && toExchange ? kindOf(line.exchangeCode, toExchange) : undefined;

  return (
    <Stack spacing={1} sx={{ width: '100%' }}>
      <Part title="app.relocation.intake.line">
        <LineLookup onFound={setLine} />
        {line && <LineCard line={line} />}
      </Part>
      {usable && (
        <>
          <Part title="app.relocation.intake.new_address">
            <AddressExchange resolution={resolution} onResolved={setResolution} />
          </Part>
          {kind && toExchange && (
            <Part title="app.relocation.intake.move" testId={`relocation-kind-${kind}`}>
              <Alert severity="info" sx={{ marginBottom: 1 }} data-testid="relocation-kind">
                {translate(`app.relocation.kind_help.${kind}`)}
              </Alert>
              {kind === 'cross' && <NumberChoice exchangeCode={toExchange} reload={reload.numbers} />}
              {kind === 'cross' && keepNumber && (
                <Typography variant="body2" color="text.secondary">
                  {translate('app.relocation.intake.keep_number_help')}
                </Typography>
              )}
            </Part>
          )}
          <Part title="app.relocation.intake.appointment">
            {toExchange ? (
              <AppointmentInputs exchangeCode={toExchange} reload={reload.slots} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                {translate('app.relocation.intake.choose_address_first')}
              </Typography>
            )}
          </Part>
          <Part title="app.relocation.intake.contact">
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              <TextInput source="contactName" label="app.relocation.intake.contact_name" validate={[required(), maxLength(NAME_MAX)]} />
              <TextInput source="contactPhone" label="app.relocation.intake.contact_phone" validate={[required(), PHONE]} />
            </Stack>
          </Part>
          <Part title="app.relocation.intake.plan">
            <SelectInput
              source="pricingPlan"
              label="app.relocation.intake.pricing_plan"
              helperText="app.relocation.intake.plan_help"
              choices={planChoices(line.pricingPlan, line.pricingPlans).map((plan) => ({ id: plan, name: words.plan(plan) }))}
              translateChoice={false}
              validate={required()}
              sx={{ minWidth: 260 }}
            />
          </Part>
          <Part title="app.relocation.intake.real_name">
            <RealNameInputs />
          </Part>
          {!line.local && (
            <Part title="app.relocation.intake.guarantee">
              <GuarantorPicker depositFen={line.depositFen} guarantor={guarantor} onChoose={setGuarantor} />
            </Part>
          )}
          {kind && (
            <Part title="app.relocation.intake.fees">
              <FeeSummary kind={kind} line={line} mayOverride={mayOverride} />
            </Part>
          )}
        </>
      )}
    </Stack>
  );
};

/** The number typed and looked up (GET /api/service_accounts/:serviceNo); Enter finds, it does not send the order. */
const LineLookup = ({ onFound }: { onFound: (line: ServiceAccount | null) => void }) => {
  const translate = useTranslate();
  const errorMessage = useRelocationErrorMessage();
  const { getValues, trigger } = useFormContext();
  const [problem, setProblem] = useState<string>();
  const find = async () => {
    setProblem(undefined);
    if (!(await trigger('serviceNo'))) return;
    const serviceNo = String(getValues('serviceNo') ?? '').trim();
    try {
      onFound(await lookUpLine(serviceNo));
    } catch (error) {
      onFound(null);
      setProblem(apiRefusalOf(error).code === 'NOT_FOUND' ? translate('app.relocation.intake.line_not_found', { serviceNo }) : errorMessage(error).text);
    }
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void find();
    }
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextInput source="serviceNo" label="app.relocation.intake.service_no" validate={[required(), SERVICE_NO]} onKeyDown={onKey} sx={{ width: 260 }} />
        <Button variant="outlined" onClick={() => void find()} sx={{ marginTop: 1 }} data-testid="relocation-find-line">
          {translate('app.relocation.intake.find')}
        </Button>
      </Stack>
      {problem && (
        <Alert severity="warning" data-testid="relocation-line-problem">
          {problem}
        </Alert>
      )}
    </Stack>
  );
};
