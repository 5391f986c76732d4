/**
 * OpenAPI 3.1 description of the API, served at /api/openapi.json, generated from the zod
 * contracts (domain/contracts) the routes validate with and the back office types with:
 * each named contract (`.meta({ id })`) is a component schema, each operation refers to its
 * request and answers. api/openapi.int.test.ts calls every operation described here, and
 * checks real answers against the contract named for them (`operations`).
 */
import { z } from 'zod/v4';
import { loginRequest, sessionUserRecord } from '../domain/contracts/auth';
import { caseDetailRecord, caseRecord, CASE_STATES } from '../domain/contracts/cases';
import { customerDetailRecord, customerRecord, customerUpdateRequest, SUPPLY_STATUSES } from '../domain/contracts/customers';
import { dashboardRecord } from '../domain/contracts/dashboard';
import { disconnectionOutcomeRecord } from '../domain/contracts/disconnection_outcomes';
import { disconnectionApplicationRequest, disconnectionAppliedRecord, disconnectionRecord } from '../domain/contracts/disconnections';
import { apiError } from '../domain/contracts/errors';
import { eventRecord } from '../domain/contracts/events';
import { healthRecord } from '../domain/contracts/health';
import { MESSAGE_CHANNELS, MESSAGE_STATES, outboxMessageRecord } from '../domain/contracts/outbox';
import { PAYMENT_CHANNELS, paymentRecord, paymentRequest, recordedPaymentRecord } from '../domain/contracts/payments';
import { policyPreviewRecord, policyPreviewRequest, policyPublishRequest, policySchemaRecord, policyVersionRecord } from '../domain/contracts/policies';
import { segmentRecord } from '../domain/contracts/segments';
import { createdServiceTokenRecord, serviceTokenCreateRequest, serviceTokenRecord } from '../domain/contracts/service_tokens';
import { settingRecord, settingUpdateRequest } from '../domain/contracts/settings';
import {
  taskAssignRequest,
  taskBulkRequest,
  taskBulkResults,
  taskCandidatesPage,
  taskCandidatesQuery,
  taskCompleteRequest,
  taskDelegateRequest,
  taskNoteRecord,
  taskNoteRequest,
  taskRecord,
  taskUrgeRequest,
  TASK_STATES,
  urgedTaskRecord,
} from '../domain/contracts/tasks';
import { userCreateRequest, userRecord, userUpdateRequest } from '../domain/contracts/users';
import { WORK_ORDER_KINDS, WORK_ORDER_STATES, workOrderRecord } from '../domain/contracts/work_orders';
import { ROLES } from '../domain/permissions';
import { POLICY_KEYS } from '../domain/policies/keys';
import { processRecord } from '../domain/contracts/processes';
import { auditSearchPage, caseFileJson, chainReport, timelinePage } from '../domain/contracts/audit';
import { disconnectionReportRecord, reconnectionReportRecord, reportCatalogRecord, revisitsReportRecord, tasksReportRecord } from '../domain/contracts/reports';
import { repairProgressRecord, repairProgressRequest } from '../domain/contracts/repair-progress';
import { REPAIR_CALL_STATES, repairCallAbandonRequest, repairCallExecuteRequest, repairCallRecord, repairCallRequest } from '../domain/contracts/repair-calls';
import { repairUrgedRecord, repairUrgeRequest } from '../domain/contracts/repair';
import { repairDeviceCreateRequest, repairDeviceRecord, repairDeviceUpdateRequest } from '../domain/contracts/repair-devices';
import { alarmRecord, alarmRequest, REPAIR_PHOTO_TYPES, REPAIR_PRIORITIES, REPAIR_SOURCES, REPAIR_STATES, repairCategoryRecord, repairCrewRecord, repairIntakeRequest, repairTeamRecord, repairOrderRecord, repairPhotoRecord, smsInboundRecord, smsInboundRequest } from '../domain/contracts/repair';
import {
  exchangeRecord,
  exchangeResolutionRecord,
  freeNumbersRecord,
  installTeamRecord,
  RELOCATION_KINDS,
  RELOCATION_STATES,
  relocationCancelRequest,
  relocationOrderRecord,
  relocationOrderRequest,
  serviceAccountRecord,
} from '../domain/contracts/relocation';
import { RATED_PROCESSES, ratingAnswer, ratingRequest, REVISIT_OUTCOMES, REVISIT_STATES, revisitRecord } from '../domain/contracts/revisit';

type Method = 'get' | 'post' | 'put' | 'delete';

/** One operation: its contracts in zod; the document below is derived from them. */
export interface Operation {
  summary: string;
  tags: string[];
  /** Omitted: a session. */
  security?: Array<Record<string, string[]>>;
  parameters?: object[];
  request?: z.ZodType;
  /** A body of raw bytes instead of JSON: the media types it may be (a photo's). */
  binaryRequest?: readonly string[];
  /** Each answer that is not a refusal: its description and, when it has a body, its contract (or `binary`: raw bytes of these media types). */
  answers: Record<number, { description: string; schema?: z.ZodType; binary?: readonly string[] }>;
  refusals: number[];
}

const REFUSALS: Record<number, string> = {
  400: 'bad input; nothing was changed',
  401: 'no session (or no service token)',
  403: 'your roles do not allow this',
  404: 'not found',
  409: 'the state does not allow this now',
  413: 'the body is larger than allowed; nothing was stored',
  415: 'the body is not of an accepted media type (checked by its bytes); nothing was stored',
  422: 'refers to something that does not exist',
  429: 'too many attempts',
  503: 'a service it needs (Temporal) did not answer; the code says what was kept',
};

const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const textPath = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const sessionOrToken: Array<Record<string, string[]>> = [{ serviceToken: [] }, { session: [] }];
const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;

/** A react-admin list (ra-data-simple-rest): sort, range and filter as JSON query parameters. */
function list(tag: string, summary: string, record: z.ZodType, filters: Record<string, string>, sorts: string[]): Operation {
  const filterText = Object.entries(filters).map(([name, about]) => (about ? `${name} (${about})` : name)).join(', ');
  return {
    summary,
    tags: [tag],
    parameters: [
      { name: 'sort', in: 'query', description: `JSON ["field","ASC"|"DESC"]; field ${oneOf(sorts)}`, schema: { type: 'string' } },
      { name: 'range', in: 'query', description: 'JSON [start,end], at most 500 rows', schema: { type: 'string' } },
      { name: 'filter', in: 'query', description: `JSON object; filters: ${filterText || 'none'}`, schema: { type: 'string' } },
    ],
    answers: { 200: { description: `the page; header Content-Range "${tag} start-end/total"`, schema: z.array(record) } },
    refusals: [400, 401, 403],
  };
}

function show(tag: string, summary: string, record: z.ZodType, param: object = idPath): Operation {
  return { summary, tags: [tag], parameters: [param], answers: { 200: { description: 'the record', schema: record } }, refusals: [401, 403, 404] };
}

/** A query's parameters from its zod contract (a strict object of them). */
function queryParameters(schema: z.ZodObject): object[] {
  const { properties, required = [] } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, object>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

/** A task action: answers the task as it is now. */
function taskAction(summary: string, request?: z.ZodType, answer: { status: number; schema: z.ZodType; description: string } = { status: 200, schema: taskRecord, description: 'the task as it is now' }): Operation {
  return { summary, tags: ['tasks'], parameters: [idPath], request, answers: { [answer.status]: { description: answer.description, schema: answer.schema } }, refusals: [400, 401, 403, 404, 409] };
}

export const operations: Record<string, Partial<Record<Method, Operation>>> = {
  '/api/health': {
    get: {
      summary: 'each dependency (database, temporal) and whether it answers',
      tags: ['health'],
      security: [],
      answers: { 200: { description: 'every dependency answers', schema: healthRecord }, 503: { description: 'a dependency is down; the body says which', schema: healthRecord } },
      refusals: [],
    },
  },
  '/api/openapi.json': { get: { summary: 'this document', tags: ['health'], security: [], answers: { 200: { description: 'OpenAPI 3.1 document' } }, refusals: [] } },
  '/api/auth/login': {
    post: {
      summary: 'log in; sets an httpOnly SameSite=Strict session cookie',
      tags: ['auth'],
      security: [],
      request: loginRequest,
      answers: { 200: { description: 'the user', schema: sessionUserRecord } },
      refusals: [400, 401, 429],
    },
  },
  '/api/auth/logout': { post: { summary: 'log out', tags: ['auth'], answers: { 204: { description: 'logged out' } }, refusals: [] } },
  '/api/auth/me': { get: { summary: 'the logged-in user', tags: ['auth'], answers: { 200: { description: 'the user', schema: sessionUserRecord } }, refusals: [401] } },
  '/api/dashboard': { get: { summary: 'the landing page per person: their task queue (those who list tasks) and the office figures (those who read reports), each the count of the list it links to', tags: ['dashboard'], answers: { 200: { description: 'figures; a section the reader may not see is null', schema: dashboardRecord } }, refusals: [401] } },
  '/api/payments': {
    get: list('payments', 'payments received', paymentRecord, { accountNo: '', channel: oneOf(PAYMENT_CHANNELS) }, ['receivedAt', 'paidAt']),
    post: {
      summary: 'record a payment (idempotent by paymentId); starts reconnection when it clears a disconnected customer',
      tags: ['payments'],
      security: sessionOrToken,
      request: paymentRequest,
      answers: {
        201: { description: 'recorded', schema: recordedPaymentRecord },
        200: { description: 'the same payment again: counted once, the original answered', schema: recordedPaymentRecord },
      },
      refusals: [400, 401, 403, 409, 422],
    },
  },
  '/api/customers': {
    get: list('customers', 'customers', customerRecord, { id: 'one id or a list of them', q: '', supplyStatus: oneOf(SUPPLY_STATUSES), segmentCode: '', remoteReconnectEligible: 'true or false', arrearsAbove: 'yuan', inArrears: 'true or false', caseId: '' }, ['customerNo', 'name', 'id']),
  },
  '/api/customers/{id}': {
    get: show('customers', 'a customer with orders, messages and history', customerDetailRecord),
    put: {
      summary: 'change the remote-reconnection flag (collectors and executors)',
      tags: ['customers'],
      parameters: [idPath],
      request: customerUpdateRequest,
      answers: { 200: { description: 'the customer', schema: customerRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/customers/by-number/{customerNo}': {
    get: { ...show('customers', 'a customer by number (machines with a service token, or people)', customerDetailRecord, textPath('customerNo')), security: sessionOrToken },
  },
  '/api/tasks': {
    get: list('tasks', 'the inbox', taskRecord, { q: '', state: oneOf(TASK_STATES), step: '', caseId: '', overdue: 'true or false', assignedToMe: 'true', handledByMe: 'true', dueToday: 'true' }, ['id', 'dueAt', 'priority', 'createdAt']),
  },
  '/api/tasks/{id}': { get: show('tasks', 'one task', taskRecord) },
  '/api/tasks/{id}/candidates': {
    get: {
      summary: 'who may take the task (its active candidates; for delegate, not you), least loaded first: purpose assign needs tasks.assign, delegate needs tasks.delegate and the task held by you',
      tags: ['tasks'],
      parameters: [idPath, ...queryParameters(taskCandidatesQuery)],
      answers: { 200: { description: 'the people, with their open and overdue tasks', schema: taskCandidatesPage } },
      refusals: [400, 401, 403, 404, 409],
    },
  },
  '/api/tasks/bulk': {
    post: {
      summary: "one action (claim, release, assign, complete) on up to 100 tasks, each checked as the single action is; a refused task does not stop the others. Needs tasks.list and the action's permission",
      tags: ['tasks'],
      request: taskBulkRequest,
      answers: { 200: { description: 'one result per task, in request order: ok, or the refusal the single action would answer', schema: taskBulkResults } },
      refusals: [400, 401, 403],
    },
  },
  '/api/tasks/{id}/claim': { post: taskAction('take an offered task') },
  '/api/tasks/{id}/release': { post: taskAction('give a task back') },
  '/api/tasks/{id}/assign': { post: taskAction('assign to a user who may do it (dispatchers)', taskAssignRequest) },
  '/api/tasks/{id}/delegate': { post: taskAction('hand a held task to someone who acts for you', taskDelegateRequest) },
  '/api/tasks/{id}/complete': { post: taskAction('complete with the step form; the owning workflow validates it (Temporal Update)', taskCompleteRequest) },
  '/api/tasks/{id}/notes': { post: taskAction('append a note (追加备注)', taskNoteRequest, { status: 201, schema: taskNoteRecord, description: 'the note as recorded' }) },
  '/api/tasks/{id}/urge': { post: taskAction('urge (催单): texts the current handler', taskUrgeRequest, { status: 200, schema: urgedTaskRecord, description: 'the task, and how many texts are still undelivered' }) },
  '/api/cases': { get: list('cases', 'cases (one per workflow run)', caseRecord, { q: '', type: '', step: '', state: oneOf(CASE_STATES), customerNo: '', startedToday: 'true', reconnectedToday: 'true' }, ['id', 'startedAt']) },
  '/api/cases/{id}': { get: show('cases', 'a case with its tasks and timeline', caseDetailRecord) },
  '/api/disconnections': {
    post: {
      summary: 'apply for disconnection (停电申请): the applicant is the logged-in user; answers warnings for segments read by others',
      tags: ['disconnections'],
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          description: 'the same key (or body idempotencyKey) by the same applicant answers the first case with 200; with another body, 409 IDEMPOTENCY_KEY_REUSED',
          schema: { type: 'string' },
        },
      ],
      request: disconnectionApplicationRequest,
      answers: {
        200: { description: 'this idempotency key was used before: the first case', schema: disconnectionAppliedRecord },
        201: { description: 'the case workflow started', schema: disconnectionAppliedRecord },
      },
      refusals: [400, 401, 403, 409],
    },
  },
  '/api/disconnections/{workflowId}': { get: show('disconnections', 'live progress of a disconnection case', disconnectionRecord, textPath('workflowId')) },
  '/api/disconnection_outcomes': {
    get: list('disconnection_outcomes', "each customer's outcome in one disconnection case (filter caseId required)", disconnectionOutcomeRecord, { caseId: 'required', state: '', code: '', q: '' }, ['customerNo', 'state', 'updatedAt', 'id']),
  },
  '/api/segments': { get: list('segments', 'meter-reading segments (抄表段) and their readers', segmentRecord, { q: '', collectorUserId: '' }, ['code', 'name', 'id']) },
  '/api/work_orders': { get: list('work_orders', 'work orders', workOrderRecord, { kind: oneOf(WORK_ORDER_KINDS), state: oneOf(WORK_ORDER_STATES), customerNo: '' }, ['openedAt', 'orderNo']) },
  '/api/work_orders/{orderNo}': { get: show('work_orders', 'a work order', workOrderRecord, textPath('orderNo')) },
  '/api/outbox': { get: list('outbox', 'SMS and email sent or pending', outboxMessageRecord, { channel: oneOf(MESSAGE_CHANNELS), state: oneOf(MESSAGE_STATES), purpose: '', recipient: '' }, ['createdAt', 'id']) },
  '/api/outbox/{id}': { get: show('outbox', 'a message', outboxMessageRecord) },
  '/api/events': { get: list('events', 'the append-only audit log', eventRecord, { type: '', caseId: '', customerNo: '', actor: '' }, ['id', 'at']) },
  '/api/users': {
    get: list('users', 'staff users', userRecord, { q: '', role: oneOf(ROLES), active: 'true or false' }, ['username', 'id']),
    post: { summary: 'create a user', tags: ['users'], request: userCreateRequest, answers: { 201: { description: 'created', schema: userRecord } }, refusals: [400, 401, 403, 409] },
  },
  '/api/users/{id}': {
    get: show('users', 'a user', userRecord),
    put: {
      summary: 'change roles, name, phone, locale, supervisor, active, password',
      tags: ['users'],
      parameters: [idPath],
      request: userUpdateRequest,
      answers: { 200: { description: 'updated', schema: userRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/service_tokens': {
    get: list('service_tokens', 'tokens for machines', serviceTokenRecord, {}, ['createdAt', 'id']),
    post: { summary: 'issue a token (shown once)', tags: ['service_tokens'], request: serviceTokenCreateRequest, answers: { 201: { description: 'created, with the token', schema: createdServiceTokenRecord } }, refusals: [400, 401, 403, 409] },
  },
  '/api/service_tokens/{id}': {
    delete: { summary: 'revoke a token (again: nothing changes)', tags: ['service_tokens'], parameters: [idPath], answers: { 200: { description: 'revoked', schema: serviceTokenRecord } }, refusals: [401, 403, 404] },
  },
  '/api/settings': { get: { ...list('settings', 'process parameters, all of them', settingRecord, {}, []), parameters: [] } },
  '/api/settings/{key}': {
    get: show('settings', 'one parameter set', settingRecord, textPath('key')),
    put: {
      summary: "change a parameter set (checked by its policy's validator)",
      tags: ['settings'],
      parameters: [textPath('key')],
      request: settingUpdateRequest,
      answers: { 200: { description: 'saved', schema: settingRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/audit/timelines/{kind}/{key}': {
    get: {
      summary: "one subject's history on the event chain: kind case (key: case id), customer (customer no.), meter (12-digit address) or person (user id); keyset pages by seq",
      tags: ['audit'],
      parameters: [
        textPath('kind'),
        textPath('key'),
        { name: 'order', in: 'query', schema: { type: 'string', enum: ['newest', 'oldest'] } },
        { name: 'after', in: 'query', description: 'the seq the previous page ended at (its `next`)', schema: { type: 'integer' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
      ],
      answers: { 200: { description: 'a page of the timeline', schema: timelinePage } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/audit/events': {
    get: {
      summary: 'search every event by customer (no. or name), meter, person, order no., type (repeatable) and time range; keyset pages by seq',
      tags: ['audit'],
      parameters: ['customer', 'meter', 'person', 'orderNo', 'type', 'from', 'to', 'order', 'after', 'limit'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
      answers: { 200: { description: 'a page of matching events', schema: auditSearchPage } },
      refusals: [400, 401, 403],
    },
  },
  '/api/audit/verify': {
    post: {
      summary: "walk the event chain and check the daily anchors (as `gridflow audit verify`); the result is itself recorded (audit.verified)",
      tags: ['audit'],
      answers: { 200: { description: 'the chain intact, or the first event at which it breaks', schema: chainReport } },
      refusals: [401, 403],
    },
  },
  '/api/audit/cases/{id}/export': {
    get: {
      summary: 'a case file: printable HTML, CSV (UTF-8 with BOM) or JSON, in one language, with a manifest of each event\'s canonical text, seq and hash and the chain head (check it with `gridflow audit check-export <file>`)',
      tags: ['audit'],
      parameters: [idPath, { name: 'format', in: 'query', schema: { type: 'string', enum: ['html', 'csv', 'json'] } }, { name: 'lang', in: 'query', schema: { type: 'string', enum: ['zh-CN', 'en'] } }],
      answers: { 200: { description: 'the file as an attachment; with format=json, this schema', schema: caseFileJson } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/audit/workflows/{workflowId}/history': {
    get: {
      summary: "a workflow's Temporal history as JSON (longs and enums as text), as an attachment",
      tags: ['audit'],
      parameters: [textPath('workflowId')],
      answers: { 200: { description: 'the history (temporal.api.history.v1.History as JSON)' } },
      refusals: [401, 403, 404],
    },
  },
  '/api/reports': { get: { summary: 'the reports there are, and the offices (meter-reading segments) they filter by', tags: ['reports'], answers: { 200: { description: 'reports and offices', schema: reportCatalogRecord } }, refusals: [401, 403] } },
  '/api/reports/{name}': {
    get: {
      summary: 'one report (reconnection, disconnection or tasks) over a period (China-time days from–to, both included; default the last 30 days) and an office; format=csv for a file (UTF-8 with BOM)',
      tags: ['reports'],
      parameters: [
        textPath('name'),
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
        { name: 'office', in: 'query', schema: { type: 'string' } },
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } },
      ],
      answers: { 200: { description: 'the report (its schema depends on the name); text/csv with format=csv', schema: z.union([reconnectionReportRecord, disconnectionReportRecord, tasksReportRecord, revisitsReportRecord]) } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/processes': { get: list('processes', 'every registered process: its step graph, open cases per step, time per step over 30 days', processRecord, {}, []) },
  '/api/processes/{id}': { get: show('processes', 'one process of the catalogue', processRecord, textPath('id')) },
  '/api/policies': {
    get: list('policies', 'policy versions, each with what it changed, and which is in force or pending', policyVersionRecord, { key: oneOf(POLICY_KEYS) }, ['version', 'id', 'key', 'effectiveAt', 'createdAt']),
    post: {
      summary: 'publish a version of a policy (now or later), or an older one again (rollback); its value is checked by the key\'s schema',
      tags: ['policies'],
      request: policyPublishRequest,
      answers: { 201: { description: 'the version published', schema: policyVersionRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/policies/preview': {
    post: {
      summary: 'what a policy value would change for work in flight, without publishing it',
      tags: ['policies'],
      request: policyPreviewRequest,
      answers: { 200: { description: 'the impacts, as codes and parameters', schema: policyPreviewRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/policies/schema/{key}': { get: show('policies', "a policy key's JSON Schema, as designers write it (fields with defaults optional)", policySchemaRecord, textPath('key')) },
  '/api/policies/{id}': { get: show('policies', 'one policy version', policyVersionRecord) },
  // Repair orders (故障报修): api/repair/routes.ts; each answer is checked against its contract in api/repair/repair.int.test.ts.
  '/api/repair_orders': {
    get: list('repair_orders', 'repair orders', repairOrderRecord, { state: oneOf(REPAIR_STATES), priority: oneOf(REPAIR_PRIORITIES), source: oneOf(REPAIR_SOURCES), orderNo: '' }, ['openedAt', 'id', 'orderNo']),
    post: {
      summary: "take a repair call in (agents; the website with a service token): the caller's number locates the customer; starts the order's workflow",
      tags: ['repair_orders'],
      security: sessionOrToken,
      request: repairIntakeRequest,
      answers: {
        201: { description: 'the order opened', schema: repairOrderRecord },
        200: { description: 'the same idempotency key again: the order it opened', schema: repairOrderRecord },
      },
      refusals: [400, 401, 403, 409, 422],
    },
  },
  '/api/repair_orders/{id}': { get: show('repair_orders', 'one repair order', repairOrderRecord) },
  '/api/repair_orders/{id}/urge': {
    post: {
      summary: "a customer's urging (催单) of an open order: counted, its priority raised one level, its current handler texted (not again within the quiet interval), the handler's supervisor texted once a period past the threshold",
      tags: ['repair_orders'],
      parameters: [idPath],
      request: repairUrgeRequest,
      answers: { 200: { description: 'the order as now, and who was texted (by name)', schema: repairUrgedRecord } },
      refusals: [400, 401, 403, 404, 409],
    },
  },
  '/api/repair_orders/{id}/progress': {
    post: {
      summary: "the crew member's progress as it happens: left for the site, arrived (the SLA's arrival stage), a repair step; only the crew member who accepted the open order",
      tags: ['repair_orders'],
      request: repairProgressRequest,
      answers: { 201: { description: 'recorded', schema: repairProgressRecord } },
      refusals: [400, 401, 403, 404, 409],
    },
  },
  // Scheduled outbound calls (预约呼叫): api/repair/calls.ts, checked in api/repair/calls.int.test.ts.
  '/api/repair_orders/{id}/calls': {
    post: {
      summary: 'schedule a call back (预约呼叫) on an order not yet finished: due at most 30 days ahead and at most a day behind; the same idempotency key from the same person answers the first call',
      tags: ['repair_calls'],
      parameters: [idPath],
      request: repairCallRequest,
      answers: {
        201: { description: 'scheduled', schema: repairCallRecord },
        200: { description: 'the same idempotency key again: the call it scheduled', schema: repairCallRecord },
      },
      refusals: [400, 401, 403, 404, 409],
    },
  },
  '/api/repair_calls': {
    get: list('repair_calls', 'the queue of scheduled calls, people by name', repairCallRecord, { state: oneOf(REPAIR_CALL_STATES), due: 'true or false: due now', orderNo: '', orderId: '', mine: 'true or false: scheduled by me' }, ['dueAt', 'id']),
  },
  '/api/repair_calls/{id}/execute': {
    post: { summary: 'the call was made (a scheduled one only)', tags: ['repair_calls'], parameters: [idPath], request: repairCallExecuteRequest, answers: { 200: { description: 'the call, done', schema: repairCallRecord } }, refusals: [400, 401, 403, 404, 409] },
  },
  '/api/repair_calls/{id}/abandon': {
    post: { summary: 'the call will not be made, with the reason (a scheduled one only)', tags: ['repair_calls'], parameters: [idPath], request: repairCallAbandonRequest, answers: { 200: { description: 'the call, abandoned', schema: repairCallRecord } }, refusals: [400, 401, 403, 404, 409] },
  },
  // The alarm map (告警映射): api/repair/devices.ts, checked in api/repair/devices.int.test.ts.
  '/api/repair_devices': {
    get: list('repair_devices', 'the alarm map: each monitored device with its fault category, place and customers (by name)', repairDeviceRecord, { q: 'device id or place', category: '', active: 'true or false', customerId: '' }, ['id', 'category', 'updatedAt']),
    post: {
      summary: "add a device to the alarm map: a leaf of the repair policy's category tree, a place, and the customers it supplies (none, or up to 200; the first is its orders' customer)",
      tags: ['repair_devices'],
      request: repairDeviceCreateRequest,
      answers: { 201: { description: 'added', schema: repairDeviceRecord } },
      refusals: [400, 401, 403, 409, 422],
    },
  },
  '/api/repair_devices/{deviceId}': {
    get: { summary: 'one device of the alarm map', tags: ['repair_devices'], parameters: [textPath('deviceId')], answers: { 200: { description: 'the device', schema: repairDeviceRecord } }, refusals: [401, 403, 404] },
    put: {
      summary: "change a device's category, place or customers, or retire it (active false: its alarms are refused); orders already opened keep the customers they had",
      tags: ['repair_devices'],
      parameters: [textPath('deviceId')],
      request: repairDeviceUpdateRequest,
      answers: { 200: { description: 'the device as changed', schema: repairDeviceRecord } },
      refusals: [400, 401, 403, 404, 422],
    },
  },
  '/api/repair_orders/{id}/photos': {
    post: {
      summary: "attach a photo of the fault to an open order (people, or the website's self-service with a service token): the raw JPEG or PNG as the body, its type checked by its bytes; at most the repair policy's photos.maxCount per order, photos.maxBytes each; the same bytes again answer the photo stored",
      tags: ['repair_orders'],
      parameters: [idPath],
      security: sessionOrToken,
      binaryRequest: REPAIR_PHOTO_TYPES,
      answers: {
        201: { description: 'attached', schema: repairPhotoRecord },
        200: { description: 'the same bytes were attached already: that photo', schema: repairPhotoRecord },
      },
      refusals: [401, 403, 404, 409, 413, 415],
    },
  },
  '/api/repair_orders/{id}/photos/{photoId}': {
    get: {
      summary: "a photo's bytes, with its content type (Cache-Control private, a day)",
      tags: ['repair_orders'],
      parameters: [idPath, { name: 'photoId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      answers: { 200: { description: 'the image', binary: REPAIR_PHOTO_TYPES } },
      refusals: [401, 403, 404],
    },
  },
  '/api/repair_categories': { get: { summary: 'the fault category tree in force (two levels)', tags: ['repair_orders'], answers: { 200: { description: 'top-level categories with their sub-categories', schema: z.array(repairCategoryRecord) } }, refusals: [401, 403] } },
  '/api/repair_crews': { get: { summary: 'crew members to dispatch to, with their open orders', tags: ['repair_orders'], answers: { 200: { description: 'every active crew member (at most 5,000), by name', schema: z.array(repairCrewRecord) } }, refusals: [401, 403] } },
  '/api/repair_teams': {
    get: {
      summary: 'crews (维修班组) to dispatch to, with their active members and open orders',
      tags: ['repair_orders'],
      answers: { 200: { description: 'every active crew (at most 5,000), by name; its load counts the open orders dispatched to it or to any of its members', schema: z.array(repairTeamRecord) } },
      refusals: [401, 403],
    },
  },
  '/api/alarms': {
    post: {
      summary: 'an equipment alarm (monitoring systems, service token): opens a repair order, or is attached to the open order of its device and code; a clearing alarm is recorded on it',
      tags: ['repair_orders'],
      security: [{ serviceToken: [] }],
      request: alarmRequest,
      answers: {
        201: { description: 'an order was opened for it', schema: alarmRecord },
        200: { description: 'attached to the open order (or a clearing with none open)', schema: alarmRecord },
      },
      refusals: [400, 401, 422],
    },
  },
  '/api/sms/inbound': {
    post: {
      summary: "a customer's SMS reply (the gateway, service token): a rating 1-5 answering a revisit's survey or the order waiting for this number's callback; anything else from a known number is kept and flagged; from an unknown number refused (422 UNKNOWN_SENDER), nothing stored",
      tags: ['repair_orders'],
      security: [{ serviceToken: [] }],
      request: smsInboundRequest,
      answers: {
        201: { description: 'recorded', schema: smsInboundRecord },
        200: { description: 'the same messageId again: recorded once', schema: smsInboundRecord },
      },
      refusals: [400, 401, 422],
    },
  },
  // Telephone line relocation (市话移机): api/relocation/, each answer checked against its contract in api/relocation/relocation.int.test.ts.
  '/api/service_accounts/{serviceNo}': {
    get: { summary: "locate a line by its number: the customer's read-only data, line type, exchange, address, account relation, pricing plan, local or not (and the deposit due then), its open relocation", tags: ['relocations'], parameters: [textPath('serviceNo')], answers: { 200: { description: 'the line', schema: serviceAccountRecord } }, refusals: [401, 403, 404] },
  },
  '/api/exchanges': { get: { summary: 'every exchange (局站) with the address prefixes that name it', tags: ['relocations'], answers: { 200: { description: 'the exchanges by code', schema: z.array(exchangeRecord) } }, refusals: [401, 403] } },
  '/api/exchanges/resolve': {
    get: {
      summary: "the exchange of an address by the designers' table (longest matching prefix); null: none covers it, the clerk chooses",
      tags: ['relocations'],
      parameters: [{ name: 'address', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } }],
      answers: { 200: { description: 'the exchange, or null', schema: exchangeResolutionRecord } },
      refusals: [400, 401, 403],
    },
  },
  '/api/exchanges/{code}/free_numbers': {
    get: {
      summary: "the choosing screen (选号): an exchange's free numbers in order, or a random sample, optionally matching a pattern (digits, * any run, ? one digit)",
      tags: ['relocations'],
      parameters: [
        textPath('code'),
        { name: 'pattern', in: 'query', schema: { type: 'string', maxLength: 11 } },
        { name: 'random', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
      ],
      answers: { 200: { description: 'a page of free numbers (one shown may be gone when reserved)', schema: freeNumbersRecord } },
      refusals: [400, 401, 403, 404],
    },
  },
  '/api/install_teams': {
    get: {
      summary: "installation teams (of an exchange, and those serving any) with their members by name and each day's slots: capacity (the policy's), booked and remaining",
      tags: ['relocations'],
      parameters: [
        { name: 'from', in: 'query', description: 'YYYY-MM-DD; today (China) by default', schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', description: 'YYYY-MM-DD, at most 61 days after from; a week from it by default', schema: { type: 'string', format: 'date' } },
        { name: 'exchangeCode', in: 'query', schema: { type: 'string' } },
      ],
      answers: { 200: { description: 'the teams by code', schema: z.array(installTeamRecord) } },
      refusals: [400, 401, 403],
    },
  },
  '/api/relocations': {
    get: list('relocations', 'relocation orders, people by name', relocationOrderRecord, { state: oneOf(RELOCATION_STATES), kind: oneOf(RELOCATION_KINDS), serviceNo: '', q: 'order number, line number, customer or contact name' }, ['createdAt', 'id', 'orderNo', 'appointmentDate']),
    post: {
      summary:
        "take a relocation order (clerks; with feeOverride, relocations.override): in one transaction the line is locked, an open order refused, same or cross exchange decided, the chosen number reserved, the lowest free seat of the team's slot booked, the fees computed; then its workflow starts. The same idempotency key from the same person answers the first order",
      tags: ['relocations'],
      request: relocationOrderRequest,
      answers: {
        201: { description: 'the order accepted, its workflow started', schema: relocationOrderRecord },
        200: { description: 'the same idempotency key again: the order it made', schema: relocationOrderRecord },
      },
      // 503: the workflow could not start; the order was withdrawn (WORKFLOW_NOT_STARTED), or may not have started (WORKFLOW_START_UNCERTAIN: send it again with the same key).
      refusals: [400, 401, 403, 409, 422, 503],
    },
  },
  '/api/relocations/{id}': { get: show('relocations', 'one relocation order with its fee lines, payments, audit decision and reasons, booking and real-name documents', relocationOrderRecord) },
  '/api/relocations/{id}/cancel': {
    post: {
      summary: "cancel an open order before its installation, with the reason: its workflow releases the number and the slot and refunds what was paid",
      tags: ['relocations'],
      parameters: [idPath],
      request: relocationCancelRequest,
      answers: { 200: { description: 'the order, cancelled', schema: relocationOrderRecord } },
      refusals: [400, 401, 403, 404, 409],
    },
  },
  // Ratings and revisits after a bad review (差评回访): api/revisit/, checked in api/revisit/revisit.int.test.ts.
  '/api/ratings': {
    post: {
      summary:
        'rate finished work (agents on a call; the self-service site with a service token): a score 1-5, a comment or both. A rating at or below its process\'s threshold, or a complaint keyword in the comment, opens the order\'s revisit for the customer (one per order and customer; later bad ratings join it) and starts its workflow. The same idempotency key from the same caller answers the first rating',
      tags: ['revisits'],
      security: sessionOrToken,
      request: ratingRequest,
      answers: {
        201: { description: 'the rating recorded, with its verdict and the revisit it opened or joined', schema: ratingAnswer },
        200: { description: 'the same idempotency key again: the first rating', schema: ratingAnswer },
      },
      // 409: the order is not finished (ORDER_NOT_FINISHED); 422: no such order (ORDER_NOT_FOUND); 503: the revisit may not have started (send again with the same key).
      refusals: [400, 401, 403, 409, 422, 503],
    },
  },
  '/api/revisits': {
    get: list('revisits', 'revisits after bad reviews, customers and supervisors by name', revisitRecord, { state: oneOf(REVISIT_STATES), outcome: oneOf(REVISIT_OUTCOMES), process: oneOf(RATED_PROCESSES), q: 'revisit number, rated order number, customer number or name' }, ['createdAt', 'id', 'revisitNo']),
  },
  '/api/revisits/{id}': { get: show('revisits', 'one revisit with every rating of its order by its customer', revisitRecord) },
};

const COMPONENT = '#/components/schemas/';

/** zod spells out ISO 8601 as a long pattern; `format: date-time` says it for OpenAPI readers. */
const override = ({ jsonSchema }: { jsonSchema: { format?: string; pattern?: string } }) => {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
};
const CONVERSION = { io: 'input', unrepresentable: 'any', override } as const;

/** A contract's name, when it has one (`.meta({ id })`). */
function nameOf(schema: z.ZodType): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The JSON Schema of a contract: a $ref to its component when named, else inline with refs to the named ones inside. */
function jsonSchemaOf(schema: z.ZodType): object {
  const name = nameOf(schema);
  if (name) return { $ref: `${COMPONENT}${name}` };
  // Request bodies are described as clients send them (before defaults); records have no defaults or transforms.
  const { $schema: _dialect, $defs: _named, ...inline } = z.toJSONSchema(schema, CONVERSION) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(inline).replaceAll('"#/$defs/', `"${COMPONENT}`)) as object;
}

/** Every named contract as a component schema; named contracts refer to each other by $ref. */
function componentSchemas(): Record<string, object> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { ...CONVERSION, uri: (id) => `${COMPONENT}${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _dialect, $id: _uri, id: _id, ...rest } = schema as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const binary = (types: readonly string[]) => ({ content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) });

function operationObject(operation: Operation): object {
  const { summary, tags, security, parameters, request, binaryRequest, answers, refusals } = operation;
  return {
    summary,
    tags,
    ...(security ? { security } : {}),
    ...(parameters?.length ? { parameters } : {}),
    ...(request ? { requestBody: { required: true, ...json(jsonSchemaOf(request)) } } : {}),
    ...(binaryRequest ? { requestBody: { required: true, ...binary(binaryRequest) } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(answers).map(([status, { description, schema, binary: types }]) => [status, { description, ...(schema ? json(jsonSchemaOf(schema)) : {}), ...(types ? binary(types) : {}) }])),
      ...Object.fromEntries(refusals.map((status) => [String(status), { description: REFUSALS[status] ?? 'refused', ...json(jsonSchemaOf(apiError)) }])),
    },
  };
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Gridflow API', version: '0.1.0', description: 'Back office for utilities; processes run on Temporal. See api/README.md. Generated from the zod contracts in domain/contracts.' },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'gf_session' },
      serviceToken: { type: 'http', scheme: 'bearer' },
    },
    schemas: componentSchemas(),
  },
  security: [{ session: [] }],
  paths: Object.fromEntries(
    Object.entries(operations).map(([path, byMethod]) => [path, Object.fromEntries(Object.entries(byMethod).map(([method, operation]) => [method, operationObject(operation)]))]),
  ) as Record<string, Record<string, { responses: Record<string, object> }>>,
};
