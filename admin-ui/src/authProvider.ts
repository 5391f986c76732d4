import { HttpError, type AuthProvider } from 'react-admin';
import { can, RESOURCE_ACTIONS, type Action, type Resource, type Role } from '../../domain/permissions';
import { API_URL, httpClient } from './httpClient';
import type { SessionUser } from './types';

// react-admin checks the session on every page; ask the API once and forget on logout or 401.
let currentUser: Promise<SessionUser> | undefined;

function me(): Promise<SessionUser> {
  if (currentUser) return currentUser;
  const request = httpClient(`${API_URL}/auth/me`).then(({ json }) => json as SessionUser);
  currentUser = request;
  request.catch(() => {
    if (currentUser === request) currentUser = undefined;
  });
  return request;
}

/** react-admin's page actions, in the permission table's words. */
const ACTION_ALIASES: Record<string, Action> = { edit: 'update', export: 'list', clone: 'create' };

function isResource(name: string): name is Resource {
  return Object.hasOwn(RESOURCE_ACTIONS, name);
}

function toAction(resource: Resource, action: string): Action | undefined {
  // A resource's own action of that name first (the audit trail's `export` is not a list's export).
  const own = (RESOURCE_ACTIONS[resource] as readonly string[]).includes(action);
  const name = own ? action : (ACTION_ALIASES[action] ?? action);
  return (RESOURCE_ACTIONS[resource] as readonly string[]).includes(name) ? (name as Action) : undefined;
}

/** Whether these roles may do a react-admin action (list, show, create, edit, delete) or a task action. */
export function canDo(roles: readonly Role[], resource: string, action: string): boolean {
  if (!isResource(resource)) return false;
  const domainAction = toAction(resource, action);
  return domainAction !== undefined && can(roles, resource, domainAction);
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    currentUser = undefined;
    try {
      const { json } = await httpClient(`${API_URL}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });
      currentUser = Promise.resolve(json as SessionUser);
    } catch (error) {
      // The login form translates these keys; other errors keep the API's message.
      if (error instanceof HttpError && error.status === 401) throw new Error('ra.auth.sign_in_error');
      if (error instanceof HttpError && error.status === 429) throw new Error('app.auth.too_many_attempts');
      throw error;
    }
  },

  async logout() {
    const wasLoggedIn = currentUser !== undefined;
    currentUser = undefined;
    // The cookie is httpOnly: only the API can clear it. Nothing to do if it already expired.
    if (wasLoggedIn) await httpClient(`${API_URL}/auth/logout`, { method: 'POST' }).catch(() => undefined);
  },

  async checkAuth() {
    await me();
  },

  async checkError(error) {
    // 401: the session is gone, back to the login page. 403: a refusal, the session stays.
    if (error?.status === 401) {
      currentUser = undefined;
      throw error;
    }
  },

  async getIdentity() {
    const user = await me();
    return { id: user.id, fullName: user.displayName, username: user.username, locale: user.locale };
  },

  async getPermissions() {
    const user = await me();
    return user.roles;
  },

  async canAccess({ resource, action }) {
    try {
      const { roles } = await me();
      return canDo(roles, resource, action);
    } catch {
      return false;
    }
  },
};
