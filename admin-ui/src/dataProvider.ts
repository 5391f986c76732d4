import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import type { Dashboard, DisconnectionApplication, DisconnectionApplied, Task } from './types';

/** ra-data-simple-rest plus the endpoints that are not CRUD: task actions, the dashboard, disconnection applications. */
export interface GridflowDataProvider extends DataProvider {
  claimTask(id: Identifier): Promise<{ data: Task }>;
  releaseTask(id: Identifier): Promise<{ data: Task }>;
  assignTask(id: Identifier, userId: Identifier): Promise<{ data: Task }>;
  delegateTask(id: Identifier, userId: Identifier): Promise<{ data: Task }>;
  completeTask(id: Identifier, result: Record<string, unknown>): Promise<{ data: Task }>;
  addTaskNote(id: Identifier, text: string): Promise<{ data: Task }>;
  urgeTask(id: Identifier, reason?: string): Promise<{ data: Task }>;
  getDashboard(): Promise<{ data: Dashboard }>;
  applyForDisconnection(application: DisconnectionApplication): Promise<{ data: DisconnectionApplied }>;
}

const rest = simpleRestProvider(API_URL, httpClient);

async function taskAction(id: Identifier, action: string, body: object = {}): Promise<{ data: Task }> {
  const { json } = await httpClient(`${API_URL}/tasks/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { data: json };
}

export const dataProvider: GridflowDataProvider = {
  ...rest,
  // Revoking a service token may answer 204 without a body; react-admin needs a record back.
  delete: async (resource, params) => {
    const { data } = await rest.delete(resource, params);
    return { data: data ?? params.previousData ?? { id: params.id } };
  },
  // A disconnection is known by its workflow id; react-admin wants every record to carry an `id`.
  getOne: async (resource, params) => {
    const result = await rest.getOne(resource, params);
    return resource === 'disconnections' ? { ...result, data: { ...result.data, id: result.data.workflowId } } : result;
  },
  claimTask: (id) => taskAction(id, 'claim'),
  releaseTask: (id) => taskAction(id, 'release'),
  assignTask: (id, userId) => taskAction(id, 'assign', { userId }),
  delegateTask: (id, userId) => taskAction(id, 'delegate', { userId }),
  completeTask: (id, result) => taskAction(id, 'complete', { result }),
  addTaskNote: (id, text) => taskAction(id, 'notes', { text }),
  urgeTask: (id, reason) => taskAction(id, 'urge', reason ? { reason } : {}),
  getDashboard: async () => {
    const { json } = await httpClient(`${API_URL}/dashboard`);
    return { data: json };
  },
  applyForDisconnection: async (application) => {
    const { json } = await httpClient(`${API_URL}/disconnections`, { method: 'POST', body: JSON.stringify(application) });
    return { data: json };
  },
};
