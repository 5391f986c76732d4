import { createHash, randomUUID } from 'node:crypto';
import { policyVersionInForce } from '../../db/queries/policies';
import { Router } from 'express';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { disconnectionApplicationRequest, type DisconnectionApplied } from '../../domain/contracts/disconnections';
import {
  ApplicationFilter,
  applicationFingerprint,
  InvalidDisconnectionApplicationError,
  parseDisconnectionApplication,
  parseIdempotencyKey,
  SETTLED_OUTCOMES,
} from '../../domain/disconnection/application';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { formatChinaTime } from '../../domain/time';
import { disconnectionCase, type DisconnectionCaseInput, disconnectionProgressQuery } from '../../workflows/disconnection/case';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { allow, currentUser } from '../auth/sessions';
import { customerListSpec } from '../customers/routes';
import { HttpError } from '../errors';
import { parseBody } from '../validate';

const WORKFLOW_ID = /^disconnection-case-[0-9a-f-]{36}$/;
const UNIQUE_VIOLATION = '23505';

/** One workflow id per applicant and key, so Temporal itself refuses to start a second case for a retry. */
function caseWorkflowId(applicantId: number, key: string): string {
  const hex = createHash('sha256').update(`${applicantId}:${key}`).digest('hex');
  return `disconnection-case-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Applications for disconnection (停电申请) and each case's live progress. */
export function disconnectionRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  router.post('/', allow('disconnections', 'create'), async (req, res) => {
    const user = currentUser(res);
    const policy = parseDisconnectionPolicy((await policyVersionInForce(db, 'disconnection'))?.value ?? {});
    const body = parseBody(disconnectionApplicationRequest, req.body, 'INVALID_APPLICATION');
    let application;
    let key;
    try {
      // The applicant is whoever is logged in, whatever the body says; the case's own limits are the policy's.
      application = parseDisconnectionApplication({ ...body, applicantId: user.id }, policy);
      key = parseIdempotencyKey(req.get('idempotency-key'), body.idempotencyKey);
    } catch (err) {
      if (err instanceof InvalidDisconnectionApplicationError) throw new HttpError(400, 'INVALID_APPLICATION', err.message);
      throw err;
    }
    const fingerprint = applicationFingerprint(application);

    /** A retry: the first case's answer, and its start if the first attempt never got that far. */
    const answerRetry = async (earlier: DbRow) => {
      if (earlier.fingerprint !== fingerprint) {
        throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different application; a new application needs a new key');
      }
      await startCase(earlier.workflow_id, earlier.workflow_input);
      res.status(200).json(earlier.response);
    };
    const earlier = key ? await findApplication(db, user.id, key) : undefined;
    if (earlier) return void (await answerRetry(earlier));

    const rows = application.customerIds ? await pickedCustomers(db, application.customerIds) : await matchingCustomers(db, application.filter!, policy.maxCustomersPerCase);
    // The manual's warning: a segment read by someone else is worth a second look.
    const otherReaders = new Map<string, string>();
    for (const row of rows) if (row.collector_user_id !== user.id) otherReaders.set(row.segment_code, row.collector_name);
    const workflowId = caseWorkflowId(user.id, key ?? randomUUID());
    const input: DisconnectionCaseInput = {
      applicantId: user.id,
      applicantName: user.displayName,
      reason: application.reason,
      customerNos: rows.map((row) => row.customer_no).sort(),
      title: `欠费停电 ${formatChinaTime(new Date()).slice(0, 10)} ${rows.length}户（${user.displayName}）`,
    };
    const answer: DisconnectionApplied = {
      workflowId,
      customers: rows.length,
      warnings: [...otherReaders].map(([segmentCode, collectorName]) => ({ code: 'SEGMENT_OF_ANOTHER_READER' as const, segmentCode, collectorName })),
    };
    const customerIds: number[] = rows.map((row) => row.id).sort((a, b) => a - b);

    let retried: DbRow | undefined;
    try {
      retried = await db.transaction(async (trx) => {
        // Applications sharing a customer wait for each other here (rows locked in id order, so never in a cycle).
        for (let i = 0; i < customerIds.length; i += 1000) await trx('customers').whereIn('id', customerIds.slice(i, i + 1000)).orderBy('id').forUpdate().select('id');
        const raced = key ? await findApplication(trx, user.id, key) : undefined;
        if (raced) return raced;
        const busy = await customersInOpenCases(trx, customerIds);
        if (busy.length > 0) {
          throw new HttpError(409, 'CUSTOMER_IN_OPEN_CASE', `${busy.length} of these customers are in an open disconnection case already: ${busy.slice(0, 10).join(', ')}${busy.length > 10 ? ' …' : ''}`, { customerNos: busy });
        }
        const [{ id }] = await trx('disconnection_applications')
          .insert({ applicant_id: user.id, idempotency_key: key ?? workflowId, fingerprint, workflow_id: workflowId, workflow_input: JSON.stringify(input), response: JSON.stringify(answer) })
          .returning('id');
        for (let i = 0; i < customerIds.length; i += 1000) {
          await trx('disconnection_application_customers').insert(customerIds.slice(i, i + 1000).map((customerId) => ({ application_id: id, customer_id: customerId })));
        }
        await appendEvent(trx, { type: 'disconnection.applied', actor: `user:${user.id}`, workflowId, data: { applicationId: id, customers: rows.length, reason: application.reason, idempotencyKey: key } });
        return undefined;
      });
    } catch (err) {
      // The same key sent at once for other customers: the unique key lets one through.
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !key) throw err;
      retried = await findApplication(db, user.id, key);
      if (!retried) throw err;
    }
    if (retried) return void (await answerRetry(retried));

    try {
      await startCase(workflowId, input);
    } catch (err) {
      await withdrawIfNeverStarted(workflowId, user.id);
      throw err;
    }
    res.status(201).json(answer);
  });

  /** Starts the case; a start that already happened (a retry, a parallel twin) is fine. */
  async function startCase(workflowId: string, input: DisconnectionCaseInput): Promise<void> {
    try {
      await temporal.workflow.start(disconnectionCase, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** A case that could not start frees its customers; the applicant may send it again. */
  async function withdrawIfNeverStarted(workflowId: string, applicantId: number): Promise<void> {
    try {
      await temporal.workflow.getHandle(workflowId).describe();
      return;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) return;
    }
    await db.transaction(async (trx) => {
      const withdrawn = await trx('disconnection_applications').where({ workflow_id: workflowId }).delete();
      if (withdrawn > 0) await appendEvent(trx, { type: 'disconnection.application_withdrawn', actor: `user:${applicantId}`, workflowId, data: { why: 'the case workflow could not start' } });
    });
  }

  router.get('/:workflowId', allow('disconnections', 'show'), async (req, res) => {
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
  });
  return router;
}

function findApplication(db: Db | Knex.Transaction, applicantId: number, key: string): Promise<DbRow | undefined> {
  return db('disconnection_applications').where({ applicant_id: applicantId, idempotency_key: key }).first();
}

/**
 * Customers of the list still in an open disconnection case: applied for in a case that has
 * not ended (or not yet opened), and not yet settled in it (disconnected or excluded).
 */
async function customersInOpenCases(trx: Knex.Transaction, customerIds: number[]): Promise<string[]> {
  const busy = new Set<string>();
  for (let i = 0; i < customerIds.length; i += 1000) {
    const chunk = customerIds.slice(i, i + 1000);
    const applied = await trx('disconnection_application_customers as ac')
      .join('disconnection_applications as a', 'a.id', 'ac.application_id')
      .join('customers as cu', 'cu.id', 'ac.customer_id')
      .leftJoin('cases as c', 'c.workflow_id', 'a.workflow_id')
      .leftJoin('disconnection_outcomes as o', (on) => on.on('o.case_id', 'c.id').andOn('o.customer_id', 'ac.customer_id'))
      .whereIn('ac.customer_id', chunk)
      .where((open) => void open.whereNull('c.id').orWhere((running) => void running.where('c.state', 'running').andWhere((q) => void q.whereNull('o.state').orWhereNotIn('o.state', SETTLED_OUTCOMES))))
      .pluck('cu.customer_no');
    // Cases started without an application (before applications were kept) show in their outcomes.
    const commanding = await trx('disconnection_outcomes as o')
      .join('cases as c', 'c.id', 'o.case_id')
      .join('customers as cu', 'cu.id', 'o.customer_id')
      .whereIn('o.customer_id', chunk)
      .where('c.state', 'running')
      .whereNotIn('o.state', SETTLED_OUTCOMES)
      .pluck('cu.customer_no');
    for (const customerNo of [...applied, ...commanding]) busy.add(customerNo);
  }
  return [...busy].sort();
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
