import { Router } from 'express';
import { valueInEffect } from '../../domain/policies/keys';
import { z } from 'zod/v4';
import type { Db, DbRow } from '../../db/connection';
import { policyVersionInForce } from '../../db/queries/policies';
import { policyPreviewRequest, policyPublishRequest, type PolicyVersion } from '../../domain/contracts/policies';
import { diffPolicies } from '../../domain/policies/diff';
import { isPending } from '../../domain/policies/in-force';
import { isPolicyKey, POLICY_KEYS, POLICY_SCHEMAS, type PolicyKey } from '../../domain/policies/keys';
import { previewPolicy, type OpenTask, type PreviewInput } from '../../domain/policies/preview';
import { processById, PROCESSES, type TaskStep } from '../../domain/processes';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, idParam, iso, type ListSpec, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';
import { lockPolicyKey, parsePolicyValue, publishPolicy } from './publish';

/** A version may be dated a little in the past (a designer's clock, a slow form), not back-dated. */
const PAST_TOLERANCE_MS = 60_000;

const spec: ListSpec = {
  resource: 'policies',
  sorts: { version: 'v.version', id: 'v.id', key: 'v.key', effectiveAt: 'v.effective_at', createdAt: 'v.created_at' },
  defaultSort: ['version', 'DESC'],
  filters: { key: (query, value) => void query.where('v.key', asOneOf(value, 'key', POLICY_KEYS)) },
};

/** The versions with who published them and the value of the version before, for the diff. */
function withDetails(db: Db) {
  return db('policy_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .leftJoin('policy_versions as p', (join) => void join.on('p.key', 'v.key').andOn('p.version', '=', db.raw('v.version - 1')))
    .select('v.*', 'u.display_name as created_by_name', 'p.value as previous_value');
}

/** The key a request names, or 404: only the policies there are (never `__proto__`). */
function policyKeyOf(value: unknown): PolicyKey {
  if (!isPolicyKey(value)) throw new HttpError(404, 'NOT_FOUND', `no policy ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return value;
}

function effectiveAtOf(text: string | undefined, now: number): Date {
  if (text === undefined) return new Date(now);
  const at = new Date(text);
  if (at.getTime() < now - PAST_TOLERANCE_MS) throw new HttpError(400, 'INVALID_EFFECTIVE_AT', 'effectiveAt is in the past; a version takes effect now or later');
  return at;
}

const codeOf = (field: string) => (field === 'reason' ? 'INVALID_REASON' : field === 'effectiveAt' ? 'INVALID_EFFECTIVE_AT' : undefined);

export function policyRoutes(db: Db): Router {
  const router = Router();

  /** The id of each key's version in force now. */
  async function inForceIds(now: number): Promise<Set<number>> {
    const versions = await Promise.all(POLICY_KEYS.map((key) => policyVersionInForce(db, key, now)));
    return new Set(versions.flatMap((version) => (version ? [version.id] : [])));
  }

  function present(row: DbRow, inForce: Set<number>, now: number): PolicyVersion {
    return {
      id: row.id,
      key: row.key,
      version: row.version,
      value: row.value,
      origin: row.origin,
      reason: row.reason,
      effectiveAt: iso(row.effective_at)!,
      createdAt: iso(row.created_at)!,
      createdBy: row.created_by === null ? null : { id: row.created_by, name: row.created_by_name },
      rollbackOf: row.rollback_of,
      inForce: inForce.has(row.id),
      pending: isPending({ version: row.version, effectiveAt: row.effective_at }, now),
      // The first version has nothing before it: no changes to show.
      changes: row.version === 1 ? [] : diffPolicies(valueInEffect(row.key, row.previous_value), valueInEffect(row.key, row.value)),
    };
  }

  async function show(id: number): Promise<PolicyVersion> {
    const now = Date.now();
    const [row, inForce] = await Promise.all([withDetails(db).where('v.id', id).first(), inForceIds(now)]);
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no policy version ${id}`);
    return present(row, inForce, now);
  }

  router.get('/', allow('policies', 'list'), async (req, res) => {
    const list = parseListQuery(req, spec);
    const now = Date.now();
    const inForce = await inForceIds(now);
    await sendList(res, spec, list, db('policy_versions as v'), 'v.id', (row) => present(row, inForce, now), (ids) => withDetails(db).whereIn('v.id', ids as number[]));
  });

  router.get('/schema/:key', allow('policies', 'show'), (req, res) => {
    const key = policyKeyOf(req.params.key);
    // As designers write it: fields with defaults are optional.
    res.json({ key, jsonSchema: z.toJSONSchema(POLICY_SCHEMAS[key], { io: 'input' }) });
  });

  router.get('/:id', allow('policies', 'show'), async (req, res) => {
    res.json(await show(idParam(req)));
  });

  router.post('/', allow('policies', 'create'), async (req, res) => {
    const user = currentUser(res);
    const key = policyKeyOf(req.body?.key);
    const body = parseBody(policyPublishRequest, req.body, 'INVALID_POLICY_REQUEST', codeOf);
    const now = Date.now();
    const effectiveAt = effectiveAtOf(body.effectiveAt, now);
    const rollbackOf = body.rollbackOf ?? null;
    if (rollbackOf !== null && body.value !== undefined) throw new HttpError(400, 'INVALID_ROLLBACK', 'send either a value or rollbackOf (which publishes that version\'s value), not both');
    if (rollbackOf === null && body.value === undefined) throw new HttpError(400, 'INVALID_POLICY', 'send the policy as value', { issues: [{ path: ['value'], code: 'invalid_type', params: { expected: 'object' }, message: 'send the policy as value' }] });
    const target = rollbackOf === null ? undefined : await db('policy_versions').where({ id: rollbackOf }).first('key', 'version', 'value');
    if (rollbackOf !== null && target?.key !== key) throw new HttpError(400, 'INVALID_ROLLBACK', `no version ${rollbackOf} of the ${key} policy to roll back to`);
    // A rolled-back value is checked again: the rules may have grown stricter since.
    const value = parsePolicyValue(key, target ? target.value : body.value);
    const id = await db.transaction(async (trx) => {
      await lockPolicyKey(trx, key);
      if (target) {
        const latest = await trx('policy_versions').where({ key }).max({ version: 'version' }).first();
        if (target.version >= latest!.version) throw new HttpError(400, 'INVALID_ROLLBACK', `version ${target.version} is the latest ${key} version; roll back to an older one`);
      }
      const published = await publishPolicy(trx, { key, value, reason: body.reason, effectiveAt, createdBy: user.id, rollbackOf }, new Date(now));
      return published.id;
    });
    res.status(201).json(await show(id));
  });

  router.post('/preview', allow('policies', 'create'), async (req, res) => {
    const key = policyKeyOf(req.body?.key);
    const body = parseBody(policyPreviewRequest, req.body, 'INVALID_POLICY_REQUEST', codeOf);
    const now = Date.now();
    const effectiveAt = effectiveAtOf(body.effectiveAt, now).getTime();
    const next = parsePolicyValue(key, body.value);
    const inForce = await policyVersionInForce(db, key, effectiveAt);
    const parsedCurrent = POLICY_SCHEMAS[key].safeParse(inForce?.value ?? {});
    const current = parsedCurrent.success ? parsedCurrent.data : POLICY_SCHEMAS[key].parse({});
    res.json({ impacts: previewPolicy({ key, current, next, effectiveAt: Math.max(effectiveAt, now), ...(await workInFlight(db, key)) }) });
  });

  return router;
}

/** The rows a preview weighs: customers waiting for a command, open tasks, reconnections waiting to retry. */
async function workInFlight(db: Db, key: PolicyKey): Promise<Pick<PreviewInput, 'waitingCustomers' | 'openTasks' | 'waitingRetries'>> {
  const process = PROCESSES.find((p) => p.policyKey === key);
  if (!process) return {};
  const taskSteps = Object.keys(processById(process.id).tasks) as TaskStep[];
  const tasks: DbRow[] = await db('tasks').where({ state: 'open', overdue: false }).whereIn('step', taskSteps).select('id', 'step', 'created_at', db.raw("payload->>'level' as level"));
  const openTasks: OpenTask[] = tasks.map((t) => ({ id: Number(t.id), step: t.step, createdAt: new Date(t.created_at).getTime(), ...(t.level ? { level: t.level } : {}) }));
  if (key === 'disconnection') {
    const waiting: DbRow[] = await db('disconnection_outcomes as o')
      .join('cases as c', 'c.id', 'o.case_id')
      .where({ 'c.state': 'running', 'c.type': 'disconnection' })
      .whereIn('o.state', ['waiting', 'deferred'])
      .select(
        db.raw(
          "(SELECT min(coalesce(m.sent_at, m.created_at)) FROM outbox m WHERE m.case_id = o.case_id AND m.customer_id = o.customer_id AND m.purpose = 'outage-notice') as notice_sent_at",
        ),
      );
    return { openTasks, waitingCustomers: waiting.map((w) => ({ noticeSentAt: w.notice_sent_at ? new Date(w.notice_sent_at).getTime() : null })) };
  }
  if (key === 'reconnection') {
    const retrying: DbRow[] = await db('cases as c')
      .where({ 'c.state': 'running', 'c.type': 'reconnection' })
      .where('c.current_step', '~', '^close-command-[0-9]+$')
      .select(db.raw("(SELECT max(e.at) FROM events e WHERE e.case_id = c.id AND e.type = 'meter.command.failed') as last_failed_at"));
    return { openTasks, waitingRetries: retrying.filter((r) => r.last_failed_at).map((r) => ({ lastFailedAt: new Date(r.last_failed_at).getTime() })) };
  }
  return { openTasks };
}
