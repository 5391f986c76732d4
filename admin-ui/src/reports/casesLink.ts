/**
 * The case list showing the cases behind a figure: react-admin reads its filter from the
 * address (`#/cases?filter={"ids":[…]}`; api/cases/routes.ts accepts `ids`).
 */
export function casesLink(caseIds: readonly number[]): string {
  const params = new URLSearchParams({ filter: JSON.stringify({ ids: caseIds }), sort: 'id', order: 'ASC' });
  return `/cases?${params.toString()}`;
}
