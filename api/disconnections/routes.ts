import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Db } from '../../db/connection';
import { ApplicationFilter, InvalidDisconnectionApplicationError, parseDisconnectionApplication } from '../../domain/disconnection/application';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { formatChinaTime } from '../../domain/time';
import type { disconnectionCase } from '../../workflows/disconnection/case';
import { disconnectionProgressQuery } from '../../workflows/disconnection/case';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { allow, currentUser } from '../auth/sessions';
import { customerListSpec } from '../customers/routes';
import { HttpError } from '../errors';

const WORKFLOW_ID = /^disconnection-case-[0-9a-f-]{36}$/;

/** Applications for disconnection (停电申请) and each case's live progress. */
export function disconnectionRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  router.post('/', allow('disconnections', 'create'), async (req, res, next) => {
    try {
      const user = currentUser(res);
      const setting = await db('settings').where({ key: 'disconnection' }).first();
      const policy = parseDisconnectionPolicy(setting?.value ?? {});
      let application;
      try {
        // The applicant is whoever is logged in, whatever the body says.
        application = parseDisconnectionApplication({ ...req.body, applicantId: user.id }, policy);
      } catch (err) {
        if (err instanceof InvalidDisconnectionApplicationError) throw new HttpError(400, 'INVALID_APPLICATION', err.message);
        throw err;
      }
      const rows = application.customerIds ? await pickedCustomers(db, application.customerIds) : await matchingCustomers(db, application.filter!, policy.maxCustomersPerCase);

      // The manual's warning: a segment read by someone else is worth a second look.
      const otherReaders = new Map<string, string>();
      for (const row of rows) if (row.collector_user_id !== user.id) otherReaders.set(row.segment_code, row.collector_name);
      const workflowId = `disconnection-case-${randomUUID()}`;
      await temporal.workflow.start<typeof disconnectionCase>('disconnectionCase', {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId,
        args: [{
          applicantId: user.id,
          applicantName: user.displayName,
          reason: application.reason,
          customerNos: rows.map((row) => row.customer_no).sort(),
          title: `欠费停电 ${formatChinaTime(new Date()).slice(0, 10)} ${rows.length}户（${user.displayName}）`,
        }],
      });
      res.status(201).json({
        workflowId,
        customers: rows.length,
        warnings: [...otherReaders].map(([segmentCode, collectorName]) => ({ code: 'SEGMENT_OF_ANOTHER_READER', segmentCode, collectorName })),
      });
    } catch (err) {
      next(err);
    }
  });

  router.get('/:workflowId', allow('disconnections', 'show'), async (req, res, next) => {
    try {
      const workflowId = String(req.params.workflowId);
      if (!WORKFLOW_ID.test(workflowId)) throw new HttpError(404, 'NOT_FOUND', `no disconnection case ${workflowId}`);
      const caseRow = await db('cases').where({ workflow_id: workflowId }).orderBy('id', 'desc').first('id');
      try {
        const progress = await temporal.workflow.getHandle(workflowId).query(disconnectionProgressQuery);
        res.json({ workflowId, caseId: caseRow?.id ?? null, progress });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new HttpError(404, 'NOT_FOUND', `no disconnection case ${workflowId}`);
        throw err;
      }
    } catch (err) {
      next(err);
    }
  });
  return router;
}

const CUSTOMER_COLUMNS = ['c.id', 'c.customer_no', 's.code as segment_code', 's.collector_name', 's.collector_user_id'];

async function pickedCustomers(db: Db, customerIds: number[]) {
  const rows = await db('customers as c').join('segments as s', 's.code', 'c.segment_code').whereIn('c.id', customerIds).select(CUSTOMER_COLUMNS);
  const found = new Set(rows.map((row) => row.id));
  const missing = customerIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw new HttpError(400, 'UNKNOWN_CUSTOMERS', `no customers with ids ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
  return rows;
}

/** "All matching": connected customers owing more than the amount, of the segment if given — what the application screen lists. */
async function matchingCustomers(db: Db, filter: ApplicationFilter, max: number) {
  const query = db('customers as c').join('segments as s', 's.code', 'c.segment_code');
  // The customer list's own filters: "all matching" is exactly what the screen listed.
  const { supplyStatus, arrearsAbove, segmentCode } = customerListSpec.filters;
  supplyStatus!(query, 'connected');
  arrearsAbove!(query, filter.arrearsAbove);
  if (filter.segmentCode) segmentCode!(query, filter.segmentCode);
  // One more than allowed tells "too many" without counting them all.
  const rows = await query.orderBy('c.customer_no').limit(max + 1).select(CUSTOMER_COLUMNS);
  if (rows.length === 0) throw new HttpError(400, 'NO_CUSTOMERS', 'no connected customer matches: nobody owes more than that amount in this segment');
  if (rows.length > max) {
    throw new HttpError(400, 'TOO_MANY_CUSTOMERS', `more than ${max} customers match; one case holds at most ${max}: narrow by segment or a higher amount`);
  }
  return rows;
}
