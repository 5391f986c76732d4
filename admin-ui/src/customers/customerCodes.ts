/** Codes of the customers table, as the API's contract names them. */
export { CUSTOMER_TYPES, SUPPLY_STATUSES } from '../../../domain/contracts/customers';
