import type { Db } from '../../db/connection';
import type { TaskCandidate, TaskCandidatesQuery } from '../../domain/contracts/tasks';
import { isRole } from '../../domain/permissions';
import { mayTake } from '../../domain/tasks/escalation';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { likePattern } from '../lists';
import type { TaskActions } from './actions';

/**
 * Who may take a task (GET /api/tasks/:id/candidates): the active people it is offered to
 * (isCandidate: one of its roles, or named), least loaded first. Only the task's own
 * candidates are ever named, and only to someone who sees the task and may hand it on:
 * a dispatcher assigning it, or its holder delegating it (who is left out of the list).
 */
export async function taskCandidates(db: Db, actions: TaskActions, taskId: number, user: SessionUser, query: TaskCandidatesQuery): Promise<TaskCandidate[]> {
  const task = await actions.openTask(taskId, user);
  if (query.purpose === 'delegate' && task.assigneeId !== user.id) throw new HttpError(409, 'NOT_YOURS', 'claim the task before delegating it');
  const candidates = { candidateRoles: task.candidateRoles.filter(isRole), candidateUserIds: task.candidateUserIds };
  // People its process refuses by name (the applicant of their own application) are never offered.
  const excluded: number[] = (await db('tasks').where({ id: taskId }).first('excluded_user_ids'))?.excluded_user_ids ?? [];

  const openHeld = db('tasks as h').where('h.state', 'open').andWhereRaw('h.assignee_id = u.id');
  const people = db('users as u')
    .where('u.active', true)
    .whereNot((refused) => void refused.whereIn('u.id', excluded))
    .andWhere((offered) => void offered.whereIn('u.id', candidates.candidateUserIds).orWhereRaw('u.roles && ?::text[]', [candidates.candidateRoles]))
    .select('u.id', 'u.display_name', 'u.roles')
    .select(openHeld.clone().count('*').as('open_tasks'))
    .select(openHeld.clone().andWhere((late) => void late.where('h.overdue', true).orWhere('h.due_at', '<', db.raw('now()'))).count('*').as('overdue_tasks'))
    .orderBy([{ column: 'open_tasks', order: 'asc' }, { column: 'u.display_name', order: 'asc' }, { column: 'u.id', order: 'asc' }])
    .limit(query.limit);
  if (query.purpose === 'delegate') people.whereNot('u.id', user.id);
  // A part of the name as typed: `%` and `_` are literal.
  if (query.q) people.andWhere((named) => void named.whereILike('u.display_name', likePattern(query.q!)).orWhereILike('u.username', likePattern(query.q!)));

  const rows: Array<{ id: number; display_name: string; roles: string[]; open_tasks: string | number; overdue_tasks: string | number }> = await people;
  return rows
    .map((row) => ({ id: row.id, displayName: row.display_name, roles: row.roles.filter(isRole), openTasks: Number(row.open_tasks), overdueTasks: Number(row.overdue_tasks) }))
    .filter((person) => mayTake(candidates, excluded, { userId: person.id, roles: person.roles }));
}
