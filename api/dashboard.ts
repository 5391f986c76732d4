import { Router } from 'express';
import type { Db } from '../db/connection';
import { currentUser } from './auth/sessions';
import { scopeTasksTo } from './tasks/queries';

/** The three numbers on the landing page; each person sees their own inbox's. */
export function dashboardRoutes(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    const open = () => scopeTasksTo(db('tasks as t').where('t.state', 'open'), user);
    const [[mine], [overdue], [today]] = await Promise.all([
      open().where((q) => void q.where('t.assignee_id', user.id).orWhereNull('t.assignee_id')).count({ n: '*' }),
      open().andWhere('t.due_at', '<', db.fn.now()).count({ n: '*' }),
      db('cases').whereRaw(`started_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`).count({ n: '*' }),
    ]);
    res.json({ myOpenTasks: Number(mine?.n ?? 0), overdueTasks: Number(overdue?.n ?? 0), casesToday: Number(today?.n ?? 0) });
  });
  return router;
}
