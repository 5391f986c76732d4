import Alert from '@mui/material/Alert';
import { useEffect, useState } from 'react';
import { FormDataConsumer, maxLength, RadioButtonGroupInput, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import type { RepairCrew } from '../../../../domain/contracts/repair';
import { DISPATCH_REFUSALS, type DispatchRefusal } from '../../../../domain/repair/crews';
import { API_URL, httpClient } from '../../httpClient';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { useRepairTeams } from '../useRepairTeams';

/** Whom the order goes to: a person (as before crews existed, so first), or a crew. */
const TARGETS = [
  { id: 'person', name: 'app.repair_order.dispatch.to_person' },
  { id: 'crew', name: 'app.repair_order.dispatch.to_crew' },
];
const EMPTY = { to: 'person' };

/** The last dispatch's refusal, which the workflow puts on the next dispatch task (workflows/repair/workflow.ts). */
function refusalOf(payload: Record<string, unknown>): { code: DispatchRefusal; name: string } | undefined {
  const code = payload.dispatchRefusal;
  if (typeof code !== 'string' || !(DISPATCH_REFUSALS as readonly string[]).includes(code)) return undefined;
  return { code: code as DispatchRefusal, name: String(payload.refusedName ?? '') };
}

/**
 * 派单: the dispatcher sends the order to a crew member, or to a crew (班组) whose active members
 * are all offered it, seeing each one's open orders. A crew with nobody active cannot be chosen;
 * one emptied meanwhile brings the task back with the refusal shown.
 */
export const DispatchForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const [crews, setCrews] = useState<RepairCrew[]>([]);
  const { teams } = useRepairTeams();
  useEffect(() => {
    void httpClient(`${API_URL}/repair_crews`).then(({ json }) => setCrews(json as RepairCrew[]));
  }, []);
  const people = crews.map((crew) => ({ id: crew.id, name: `${crew.name}（${translate('app.forms.repair.open_orders', { count: crew.openOrders })}）` }));
  const teamChoices = (teams ?? []).map((team) => ({
    id: team.code,
    name:
      team.members.length > 0
        ? translate('app.repair_order.dispatch.crew_choice', { name: team.name, members: team.members.length, count: team.openOrders })
        : translate('app.repair_order.dispatch.crew_nobody', { name: team.name }),
    disabled: team.members.length === 0,
  }));
  const refused = refusalOf(task.payload);
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) =>
        onSubmit({
          ...(values.to === 'crew' ? { crewCode: String(values.crewCode) } : { crewUserId: Number(values.crewUserId) }),
          ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}),
        })
      }
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      {refused && (
        <Alert severity="error" data-testid="repair-dispatch-refused">
          {translate(`app.repair_order.dispatch.refused.${refused.code}`, { name: refused.name })}
        </Alert>
      )}
      <RadioButtonGroupInput source="to" label="app.repair_order.dispatch.to" choices={TARGETS} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.to === 'crew' ? (
            <SelectInput source="crewCode" label="app.repair_order.dispatch.crew" choices={teamChoices} validate={required()} />
          ) : (
            <SelectInput source="crewUserId" label="app.forms.repair.crew" choices={people} validate={required()} />
          )
        }
      </FormDataConsumer>
      <TextInput source="note" label="app.forms.repair.note" multiline fullWidth validate={maxLength(2000)} />
    </SimpleForm>
  );
};
