/** SelectInput choices whose names are catalog keys (react-admin translates them). */
export function choicesOf(prefix: string, ids: readonly string[]): { id: string; name: string }[] {
  return ids.map((id) => ({ id, name: `${prefix}.${id}` }));
}
