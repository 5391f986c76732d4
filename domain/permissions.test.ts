import { Action, can, PERMISSIONS, RESOURCE_ACTIONS, RESOURCES, Role, ROLES, taskScope } from './permissions';

describe('permission table', () => {
  it('grants only actions that exist on each resource', () => {
    for (const role of ROLES) {
      for (const [resource, actions] of Object.entries(PERMISSIONS[role])) {
        for (const action of actions ?? []) {
          expect(RESOURCE_ACTIONS[resource as keyof typeof RESOURCE_ACTIONS]).toContain(action);
        }
      }
    }
  });

  it('lets auditors read everything and change nothing, and search, verify and export the audit trail', () => {
    for (const resource of RESOURCES) {
      for (const action of RESOURCE_ACTIONS[resource] as readonly Action[]) {
        expect(can(['auditor'], resource, action)).toBe(action === 'list' || action === 'show' || resource === 'audit');
      }
    }
  });

  it('lets auditors alone search and export the audit trail; admins may verify the chain too', () => {
    expect(ROLES.filter((role) => can([role], 'audit', 'export'))).toEqual(['auditor']);
    expect(ROLES.filter((role) => can([role], 'audit', 'search'))).toEqual(['auditor']);
    expect(ROLES.filter((role) => can([role], 'audit', 'verify'))).toEqual(['auditor', 'admin']);
  });

  it('lets only collectors and executors maintain the reconnection flag', () => {
    const allowed = ROLES.filter((role) => can([role], 'customers', 'update'));
    expect(allowed).toEqual(['collector', 'executor']);
  });

  it('combines roles', () => {
    const roles: Role[] = ['cashier', 'crew'];
    expect(can(roles, 'payments', 'create')).toBe(true);
    expect(can(roles, 'tasks', 'complete')).toBe(true);
    expect(can(roles, 'users', 'list')).toBe(false);
  });

  it('gives dispatchers, agents and auditors every task, others their own', () => {
    expect(taskScope(['dispatcher'])).toBe('all');
    expect(taskScope(['agent'])).toBe('all');
    expect(taskScope(['auditor'])).toBe('all');
    expect(taskScope(['collector', 'approver'])).toBe('mine');
  });
});
