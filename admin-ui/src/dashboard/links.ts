/** A list URL with its filters applied, as react-admin reads them from the address. */
export const listWith = (resource: string, filter: Record<string, unknown>) => `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
