import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { useRef, useState } from 'react';
import { FormDataConsumer, maxLength, regex, required, SelectInput, SimpleForm, TextInput, Title, useCanAccess, useNotify, useRedirect, useTranslate } from 'react-admin';
import { REPAIR_PRIORITIES, type RepairOrder } from '../../../domain/contracts/repair';
import { choicesOf } from '../common/choices';
import { useNotifyApiError } from '../common/apiErrors';
import { randomKey } from '../disconnections/applicationKey';
import { API_URL, httpClient } from '../httpClient';
import { CustomerChoices, CustomerSearch } from './CustomerPicker';
import { intakeRefusalOf, type CustomerChoice, type IntakeRefusal } from './intakeRefusal';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';
import { uploadPhoto, usePhotoErrorMessage } from './PhotoUpload';
import { useCategoryLabel } from './fields';
import { useRepairCategories } from './useRepairCategories';

interface Values {
  callerPhone?: string;
  categoryGroup?: string;
  category?: string;
  description?: string;
  place?: string;
  contactPhone?: string;
  priority?: string;
}

const DEFAULTS: Values = { priority: 'normal' };
const PHONE = regex(/^\+?[0-9-]{5,20}$/, 'app.repair_order.intake.phone_format');

/**
 * 座席受理: the caller's number finds the customer; several sharing it are listed to choose
 * from, none lets the agent search by hand. One idempotency key per form: a double click, or
 * sending again after choosing the customer, makes one order.
 */
export const RepairIntake = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const redirect = useRedirect();
  const categoryLabel = useCategoryLabel();
  const tree = useRepairCategories();
  const [idempotencyKey] = useState(randomKey);
  const [customer, setCustomer] = useState<CustomerChoice | null>(null);
  const [refusal, setRefusal] = useState<IntakeRefusal | { kind: 'search' }>();
  const lastValues = useRef<Values | null>(null);
  const { canAccess } = useCanAccess({ resource: 'repair_orders', action: 'create' });
  // Photos go up once the order exists; one refused keeps the agent here to see why.
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [partlyAttached, setPartlyAttached] = useState<RepairOrder>();
  const describePhotoError = usePhotoErrorMessage();

  /** Sends the photos not yet attached, one by one; answers how many were refused. */
  const attachPhotos = async (orderId: number): Promise<number> => {
    const mark = (key: string, change: Partial<PickedPhoto>) => setPhotos((all) => all.map((photo) => (photo.key === key ? { ...photo, ...change } : photo)));
    let refused = 0;
    for (const photo of photos.filter((p) => !p.attached)) {
      try {
        await uploadPhoto(orderId, photo.file);
        mark(photo.key, { attached: true, error: undefined });
      } catch (error) {
        refused += 1;
        mark(photo.key, { error: describePhotoError(error) });
      }
    }
    return refused;
  };

  const send = async (values: Values, chosen: CustomerChoice | null) => {
    lastValues.current = values;
    if (!chosen && !values.callerPhone?.trim()) {
      setRefusal({ kind: 'search' });
      notify('app.repair_order.intake.phone_or_customer', { type: 'warning' });
      return;
    }
    const body = {
      ...(chosen ? { customerId: chosen.id } : { callerPhone: values.callerPhone!.trim() }),
      category: values.category,
      description: values.description,
      place: values.place,
      contactPhone: values.contactPhone?.trim(),
      priority: values.priority,
      idempotencyKey,
    };
    try {
      const { json } = await httpClient(`${API_URL}/repair_orders`, { method: 'POST', body: JSON.stringify(body) });
      const order = json as RepairOrder;
      if ((await attachPhotos(order.id)) > 0) return void setPartlyAttached(order);
      notify('app.repair_order.intake.opened', { type: 'success', messageArgs: { orderNo: order.orderNo } });
      redirect('show', 'repair_orders', order.id);
    } catch (error) {
      const found = intakeRefusalOf(error);
      if (!found) return notifyApiError(error);
      if (found.kind === 'unknown_category') return void notify('app.repair_order.intake.unknown_category', { type: 'error' });
      setRefusal(found);
    }
  };

  const choose = (chosen: CustomerChoice) => {
    setCustomer(chosen);
    setRefusal(undefined);
    if (lastValues.current?.category) void send(lastValues.current, chosen);
  };

  if (!canAccess) return null;
  const groups = tree.map((group) => ({ id: group.code, name: categoryLabel(group.code, group.name) }));
  return (
    <Box sx={{ maxWidth: 900 }}>
      <Title title="app.repair_order.intake.title" />
      {partlyAttached && (
        <Alert
          severity="warning"
          sx={{ marginBottom: 2 }}
          data-testid="repair-photos-partly-attached"
          action={
            <Button size="small" onClick={() => redirect('show', 'repair_orders', partlyAttached.id)}>
              {translate('app.repair_photo.go_to_order')}
            </Button>
          }
        >
          {translate('app.repair_photo.partly_attached', { orderNo: partlyAttached.orderNo })}
        </Alert>
      )}
      <Card>
        <SimpleForm record={DEFAULTS} onSubmit={(values: Record<string, unknown>) => send(values as Values, customer)}>
          {customer ? (
            <Alert
              severity="info"
              sx={{ marginBottom: 2 }}
              data-testid="repair-chosen-customer"
              action={
                <Button size="small" onClick={() => setCustomer(null)}>
                  {translate('app.repair_order.intake.change_customer')}
                </Button>
              }
            >
              {translate('app.repair_order.intake.customer_chosen', { ...customer })}
            </Alert>
          ) : (
            <TextInput source="callerPhone" label="app.repair_order.intake.caller_phone" helperText="app.repair_order.intake.caller_help" validate={PHONE} />
          )}
          <SelectInput source="categoryGroup" label="app.repair_order.intake.category_group" choices={groups} validate={required()} />
          <FormDataConsumer<Values>>
            {({ formData }) => {
              const group = tree.find((g) => g.code === formData.categoryGroup);
              const leaves = (group?.children ?? []).map((leaf) => ({ id: leaf.code, name: categoryLabel(leaf.code, leaf.name) }));
              // A sub-category left over from another top-level one counts as none.
              const inGroup = (value: unknown) => (leaves.some((leaf) => leaf.id === value) ? undefined : 'ra.validation.required');
              return <SelectInput source="category" label="app.repair_order.intake.category" choices={leaves} validate={[required(), inGroup]} disabled={!group} />;
            }}
          </FormDataConsumer>
          <TextInput source="description" label="app.repair_order.intake.description" multiline minRows={3} fullWidth validate={[required(), maxLength(2000)]} />
          <TextInput source="place" label="app.repair_order.intake.place" fullWidth validate={[required(), maxLength(200)]} />
          <TextInput source="contactPhone" label="app.repair_order.intake.contact_phone" validate={[required(), PHONE]} />
          <SelectInput source="priority" label="app.repair_order.intake.priority" choices={choicesOf('app.repair_order.priority', REPAIR_PRIORITIES)} validate={required()} />
          <PhotoPicker photos={photos} onChange={setPhotos} />
        </SimpleForm>
      </Card>
      {!customer && (
        <Card sx={{ marginTop: 2 }}>
          <CardContent>
            {refusal?.kind === 'ambiguous' && (
              <>
                <Alert severity="warning">{translate('app.repair_order.intake.ambiguous')}</Alert>
                <CustomerChoices customers={refusal.customers} onChoose={choose} />
              </>
            )}
            {(refusal?.kind === 'not_found' || refusal?.kind === 'search') && (
              <>
                {refusal.kind === 'not_found' && <Alert severity="warning" sx={{ marginBottom: 2 }}>{translate('app.repair_order.intake.not_found')}</Alert>}
                <CustomerSearch onChoose={choose} />
              </>
            )}
            {refusal?.kind !== 'ambiguous' && refusal?.kind !== 'not_found' && refusal?.kind !== 'search' && (
              <Button onClick={() => setRefusal({ kind: 'search' })} data-testid="repair-search-by-hand">
                {translate('app.repair_order.intake.search_by_hand')}
              </Button>
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
