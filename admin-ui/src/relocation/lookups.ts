import type { Exchange, ExchangeResolution, FreeNumbers, InstallTeam, ServiceAccount } from '../../../domain/contracts/relocation';
import { API_URL, httpClient } from '../httpClient';

/**
 * What the clerk looks up while taking a relocation (api/relocation/lookups.ts): the line,
 * the exchanges and the one an address belongs to, free numbers, the teams' slots.
 */
const get = async <T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> => {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const search = params.toString();
  return (await httpClient(`${API_URL}${path}${search ? `?${search}` : ''}`)).json as T;
};

export const lookUpLine = (serviceNo: string) => get<ServiceAccount>(`/service_accounts/${encodeURIComponent(serviceNo)}`);
export const listExchanges = () => get<Exchange[]>('/exchanges');
export const resolveAddress = (address: string) => get<ExchangeResolution>('/exchanges/resolve', { address });
export const listFreeNumbers = (exchangeCode: string, options: { pattern?: string; random?: boolean; limit?: number }) =>
  get<FreeNumbers>(`/exchanges/${encodeURIComponent(exchangeCode)}/free_numbers`, {
    pattern: options.pattern,
    random: options.random ? 'true' : undefined,
    limit: options.limit === undefined ? undefined : String(options.limit),
  });
export const listInstallTeams = (exchangeCode: string, from: string, to: string) => get<InstallTeam[]>('/install_teams', { exchangeCode, from, to });
