/**
 * OpenAPI 3.1 description of the API, served at /api/openapi.json. Kept beside the routes;
 * a test calls every operation described here to check the app really has it.
 */
const error = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema: error } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'bad input; nothing was changed',
  401: 'no session (or no service token)',
  403: 'your roles do not allow this',
  404: 'not found',
  409: 'the state does not allow this now',
  422: 'refers to something that does not exist',
  429: 'too many attempts',
};
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

function list(resource: string, summary: string, filters: string[], sorts: string[]) {
  return {
    get: {
      summary,
      tags: [resource],
      parameters: [
        { name: 'sort', in: 'query', description: `JSON ["field","ASC"|"DESC"]; field one of ${sorts.join(', ')}`, schema: { type: 'string' } },
        { name: 'range', in: 'query', description: 'JSON [start,end], at most 500 rows', schema: { type: 'string' } },
        { name: 'filter', in: 'query', description: `JSON object; filters: ${filters.join(', ') || 'none'}`, schema: { type: 'string' } },
      ],
      responses: {
        200: { description: 'the page; header Content-Range "<resource> start-end/total"', ...json({ type: 'array', items: { type: 'object' } }) },
        ...errors(400, 401, 403),
      },
    },
  };
}

function show(resource: string, summary: string, param = idPath) {
  return { get: { summary, tags: [resource], parameters: [param], responses: { 200: { description: 'the record', ...json({ type: 'object' }) }, ...errors(401, 403, 404) } } };
}

function action(summary: string, body?: object, okStatus = 200) {
  return {
    post: {
      summary,
      tags: ['tasks'],
      parameters: [idPath],
      ...(body ? { requestBody: { required: true, ...json(body) } } : {}),
      responses: { [okStatus]: { description: 'the task as it is now', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404, 409) },
    },
  };
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Gridflow API', version: '0.1.0', description: 'Back office for utilities; processes run on Temporal. See api/README.md.' },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'gf_session' },
      serviceToken: { type: 'http', scheme: 'bearer' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
      },
      Payment: {
        type: 'object',
        required: ['paymentId', 'accountNo', 'amount', 'channel'],
        additionalProperties: false,
        properties: {
          paymentId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$' },
          accountNo: { type: 'string', pattern: '^[A-Za-z0-9-]{1,32}$' },
          amount: { oneOf: [{ type: 'number' }, { type: 'string' }], description: 'CNY, at most two decimals, > 0' },
          channel: { enum: ['counter', 'bank', 'online'] },
          paidAt: { type: 'string', format: 'date-time', description: 'with a zone; not in the future' },
        },
      },
    },
  },
  security: [{ session: [] }],
  paths: {
    '/api/health': {
      get: {
        summary: 'each dependency (database, temporal) and whether it answers',
        security: [],
        responses: {
          200: { description: 'every dependency answers', ...json({ type: 'object' }) },
          503: { description: 'a dependency is down; the body says which', ...json({ type: 'object' }) },
        },
      },
    },
    '/api/openapi.json': { get: { summary: 'this document', security: [], responses: { 200: { description: 'OpenAPI document' } } } },
    '/api/auth/login': {
      post: {
        summary: 'log in; sets an httpOnly SameSite=Strict session cookie',
        tags: ['auth'],
        security: [],
        requestBody: { required: true, ...json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }) },
        responses: { 200: { description: 'the user', ...json({ type: 'object' }) }, ...errors(400, 401, 429) },
      },
    },
    '/api/auth/logout': { post: { summary: 'log out', tags: ['auth'], responses: { 204: { description: 'logged out' } } } },
    '/api/auth/me': { get: { summary: 'the logged-in user', tags: ['auth'], responses: { 200: { description: 'the user', ...json({ type: 'object' }) }, ...errors(401) } } },
    '/api/dashboard': { get: { summary: 'my open tasks, overdue tasks, cases today', tags: ['dashboard'], responses: { 200: { description: 'counts', ...json({ type: 'object' }) }, ...errors(401) } } },
    '/api/payments': {
      ...list('payments', 'payments received', ['accountNo', 'channel'], ['receivedAt', 'paidAt']),
      post: {
        summary: 'record a payment (idempotent by paymentId); starts reconnection when it clears a disconnected customer',
        tags: ['payments'],
        security: [{ serviceToken: [] }, { session: [] }],
        requestBody: { required: true, ...json({ $ref: '#/components/schemas/Payment' }) },
        responses: {
          201: { description: 'recorded', ...json({ type: 'object' }) },
          200: { description: 'the same payment again: counted once, the original answered', ...json({ type: 'object' }) },
          ...errors(400, 401, 403, 409, 422),
        },
      },
    },
    '/api/customers': list('customers', 'customers', ['q', 'supplyStatus', 'segmentCode', 'remoteReconnectEligible', 'arrearsAbove'], ['customerNo', 'name', 'id']),
    '/api/customers/{id}': {
      ...show('customers', 'a customer with orders, messages and history'),
      put: {
        summary: 'change the remote-reconnection flag (collectors and executors)',
        tags: ['customers'],
        parameters: [idPath],
        requestBody: { required: true, ...json({ type: 'object', properties: { remoteReconnectEligible: { type: 'boolean' } }, required: ['remoteReconnectEligible'] }) },
        responses: { 200: { description: 'the customer', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404) },
      },
    },
    '/api/customers/by-number/{customerNo}': {
      get: {
        ...show('customers', 'a customer by number (machines with a service token, or people)', { name: 'customerNo', in: 'path', required: true, schema: { type: 'string' } } as never).get,
        security: [{ serviceToken: [] }, { session: [] }],
      },
    },
    '/api/tasks': list('tasks', 'the inbox', ['q', 'state', 'step', 'caseId', 'overdue', 'assignedToMe', 'handledByMe'], ['id', 'dueAt', 'priority', 'createdAt']),
    '/api/tasks/{id}': show('tasks', 'one task'),
    '/api/tasks/{id}/claim': action('take an offered task'),
    '/api/tasks/{id}/release': action('give a task back'),
    '/api/tasks/{id}/assign': action('assign to a user who may do it (dispatchers)', { type: 'object', required: ['userId'], properties: { userId: { type: 'integer' }, reason: { type: 'string' } } }),
    '/api/tasks/{id}/delegate': action('hand a held task to someone who acts for you', { type: 'object', required: ['userId'], properties: { userId: { type: 'integer' } } }),
    '/api/tasks/{id}/complete': action('complete with the step form; the owning workflow validates it (Temporal Update)', { type: 'object', required: ['result'], properties: { result: { type: 'object' } } }),
    '/api/tasks/{id}/notes': action('append a note (追加备注)', { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 2000 } } }, 201),
    '/api/tasks/{id}/urge': action('urge (催单): texts the current handler', { type: 'object', properties: { reason: { type: 'string' } } }),
    '/api/cases': list('cases', 'cases (one per workflow run)', ['q', 'type', 'state', 'customerNo', 'startedToday'], ['id', 'startedAt']),
    '/api/cases/{id}': show('cases', 'a case with its tasks and timeline'),
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
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            description: 'exactly one of customerIds (picked one by one) or filter (all connected customers matching)',
            required: ['reason'],
            properties: {
              reason: { type: 'string', maxLength: 500 },
              idempotencyKey: { type: 'string' },
              customerIds: { type: 'array', items: { type: 'integer' }, maxItems: 10000 },
              filter: { type: 'object', required: ['arrearsAbove'], properties: { arrearsAbove: { type: 'number', minimum: 0, description: 'yuan' }, segmentCode: { type: 'string' } } },
            },
          }),
        },
        responses: {
          200: { description: 'this idempotency key was used before: the first case', ...json({ type: 'object' }) },
          201: { description: 'the case workflow started', ...json({ type: 'object' }) },
          ...errors(400, 401, 403, 409),
        },
      },
    },
    '/api/disconnections/{workflowId}': show('disconnections', 'live progress of a disconnection case', { name: 'workflowId', in: 'path', required: true, schema: { type: 'string' } } as never),
    '/api/disconnection_outcomes': list('disconnection_outcomes', "each customer's outcome in one disconnection case (filter caseId required)", ['caseId', 'state', 'code', 'q'], ['customerNo', 'state', 'updatedAt', 'id']),
    '/api/segments': list('segments', 'meter-reading segments (抄表段) and their readers', ['q', 'collectorUserId'], ['code', 'name', 'id']),
    '/api/work_orders': list('work_orders', 'work orders', ['kind', 'state', 'customerNo'], ['openedAt', 'orderNo']),
    '/api/work_orders/{orderNo}': show('work_orders', 'a work order', { name: 'orderNo', in: 'path', required: true, schema: { type: 'string' } } as never),
    '/api/outbox': list('outbox', 'SMS and email sent or pending', ['channel', 'state', 'purpose', 'recipient'], ['createdAt', 'id']),
    '/api/outbox/{id}': show('outbox', 'a message'),
    '/api/events': list('events', 'the append-only audit log', ['type', 'caseId', 'customerNo', 'actor'], ['id', 'at']),
    '/api/users': {
      ...list('users', 'staff users', ['q', 'role', 'active'], ['username', 'id']),
      post: { summary: 'create a user', tags: ['users'], requestBody: { required: true, ...json({ type: 'object' }) }, responses: { 201: { description: 'created', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 409) } },
    },
    '/api/users/{id}': {
      ...show('users', 'a user'),
      put: { summary: 'change roles, name, phone, active, password', tags: ['users'], parameters: [idPath], requestBody: { required: true, ...json({ type: 'object' }) }, responses: { 200: { description: 'updated', ...json({ type: 'object' }) }, ...errors(400, 401, 403, 404) } },
    },
    '/api/service_tokens': {
      ...list('service_tokens', 'tokens for machines', [], ['createdAt', 'id']),
      post: { summary: 'issue a token (shown once)', tags: ['service_tokens'], requestBody: { required: true, ...json({ type: 'object', properties: { name: { type: 'string' } } }) }, responses: { 201: { description: 'created, with token', ...json({ type: 'object' }) }, ...errors(400, 401, 403) } },
    },
    '/api/service_tokens/{id}': { delete: { summary: 'revoke a token', tags: ['service_tokens'], parameters: [idPath], responses: { 200: { description: 'revoked' }, ...errors(401, 403, 404) } } },
    '/api/settings': list('settings', 'process parameters', [], []),
    '/api/settings/{key}': {
      ...show('settings', 'one parameter set', { name: 'key', in: 'path', required: true, schema: { type: 'string' } } as never),
      put: { summary: 'change a parameter set (validated)', tags: ['settings'], parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string' } }], requestBody: { required: true, ...json({ type: 'object', properties: { value: { type: 'object' } } }) }, responses: { 200: { description: 'saved' }, ...errors(400, 401, 403, 404) } },
    },
  },
} as const;
