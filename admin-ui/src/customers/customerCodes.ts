/** Codes of the customers table (db migration 001). */
export const SUPPLY_STATUSES = ['connected', 'disconnected'] as const;
export const CUSTOMER_TYPES = ['residential', 'non_residential'] as const;
