import { useGetIdentity, usePermissions } from 'react-admin';
import { can, type Action, type Role } from '../../../domain/permissions';
import { isCandidate } from '../../../domain/tasks/escalation';
import type { Task } from '../types';

export type TaskAbility = 'claim' | 'release' | 'assign' | 'delegate' | 'urge' | 'note' | 'complete';
export type TaskAbilities = Record<TaskAbility, boolean>;

const NOTHING: TaskAbilities = { claim: false, release: false, assign: false, delegate: false, urge: false, note: false, complete: false };

/**
 * What the signed-in person may do with this task now: the permission table says which
 * actions their roles allow, the task's state and holder say which of those make sense.
 * The API checks the same again; this only hides buttons that would be refused.
 */
export function useTaskAbilities(task: Task | undefined): TaskAbilities {
  const { permissions } = usePermissions<Role[]>();
  const { identity } = useGetIdentity();
  if (!task || task.state !== 'open' || !identity || !permissions) return NOTHING;

  const roles = permissions;
  const userId = Number(identity.id);
  const allowed = (action: Action) => can(roles, 'tasks', action);
  const isHolder = task.assigneeId === userId;
  return {
    claim: allowed('claim') && task.assigneeId === null && isCandidate(task, { userId, roles }),
    release: allowed('release') && isHolder,
    assign: allowed('assign'),
    // The holder hands the task to a delegate, who then acts for them (代理).
    delegate: allowed('delegate') && isHolder,
    urge: allowed('urge'),
    note: allowed('note'),
    complete: allowed('complete') && isHolder,
  };
}
