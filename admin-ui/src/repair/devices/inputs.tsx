import {
  AutocompleteArrayInput,
  maxLength,
  ReferenceArrayInput,
  required,
  SelectInput,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { DEVICE_PLACE_MAX, type RepairDevice } from '../../../../domain/contracts/repair-devices';
import type { Customer } from '../../types';
import { useCategoryLabel } from '../fields';
import { useRepairCategories } from '../useRepairCategories';
import { treeChoices } from './categories';

/** The fault category: the policy's tree in force, top-level categories as headings, only leaves chosen. */
export const CategoryInput = () => {
  const device = useRecordContext<RepairDevice>();
  const tree = useRepairCategories();
  const label = useCategoryLabel();
  const choices = treeChoices(tree, label, device?.category);
  return <SelectInput source="category" choices={choices} translateChoice={false} validate={required()} helperText="app.repair_device.category_help" sx={{ minWidth: 320 }} />;
};

export const PlaceInput = () => <TextInput source="place" validate={[required(), maxLength(DEVICE_PLACE_MAX)]} fullWidth />;

type CustomerChoice = Pick<Customer, 'id' | 'customerNo' | 'name'>;

// As RepairCustomerField shows an order's customer: plain brackets read in both languages.
const customerText = (customer: CustomerChoice) => `${customer.name} (${customer.customerNo})`;

/**
 * The customers it stands for, chosen by typing a name or number, in the order chosen (the
 * first is the order's customer).
 */
export const CustomersInput = () => (
  <ReferenceArrayInput source="customerIds" reference="customers" sort={{ field: 'customerNo', order: 'ASC' }} perPage={20}>
      <AutocompleteArrayInput
        optionText={customerText}
        inputText={customerText}
        filterToQuery={(q: string) => (q.trim() ? { q: q.trim() } : {})}
        helperText="app.repair_device.customers_help"
        fullWidth
      />
  </ReferenceArrayInput>
);
