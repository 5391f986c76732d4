import { z } from 'zod/v4';
import { ROLES } from '../permissions';
import { customerUpdateRequest } from './customers';
import { disconnectionApplicationRequest } from './disconnections';
import { paymentRequest } from './payments';
import { taskAssignRequest, taskNoteRequest, taskRecord } from './tasks';
import { userRecord, userUpdateRequest } from './users';

// Every resource's contracts, so that each is named in the registry below.
import './auth';
import './cases';
import './dashboard';
import './disconnection_outcomes';
import './errors';
import './events';
import './health';
import './outbox';
import './segments';
import './service_tokens';
import './settings';
import './work_orders';

const task = {
  id: 7,
  caseId: 3,
  caseType: 'reconnection',
  step: 'manual-reconnection',
  title: '现场复电',
  titleCode: null,
  titleParams: {},
  customerNo: 'C-1',
  customerCount: 1,
  customerName: '张三',
  candidateRoles: ['collector'],
  candidateUserIds: [],
  assigneeId: null,
  assigneeName: null,
  actingForId: null,
  actingForName: null,
  dueAt: '2026-11-22T10:00:00.000Z',
  priority: 3,
  state: 'open',
  overdue: false,
  escalationLevel: 0,
  urgeCount: 0,
  routingReason: 'no remote meter',
  routingCode: null,
  routingParams: {},
  payload: {},
  result: null,
  createdAt: '2026-11-22T09:00:00.000Z',
  completedAt: null,
  completedById: null,
  completedByName: null,
};

describe('records', () => {
  it('are exactly what the API answers: a field more, a field less or a role that is none fails', () => {
    expect(taskRecord.safeParse(task).success).toBe(true);
    expect(taskRecord.safeParse({ ...task, extra: 1 }).success).toBe(false);
    const { title: _title, ...untitled } = task;
    expect(taskRecord.safeParse(untitled).success).toBe(false);
    expect(taskRecord.safeParse({ ...task, candidateRoles: ['boss'] }).success).toBe(false);
    expect(taskRecord.safeParse({ ...task, dueAt: '22/11/2026' }).success).toBe(false);
  });

  it('take their enums from the typed unions', () => {
    expect(userRecord.shape.roles.element.options).toEqual([...ROLES]);
  });
});

describe('request bodies', () => {
  it('take a user id as a number or its digits, and refuse anything else', () => {
    expect(taskAssignRequest.parse({ userId: '12' })).toEqual({ userId: '12' });
    expect(taskAssignRequest.safeParse({ userId: 1.5 }).success).toBe(false);
    expect(taskAssignRequest.safeParse({ userId: 'me' }).success).toBe(false);
  });

  it('trim a note and refuse an empty or unstorable one', () => {
    expect(taskNoteRequest.parse({ text: '  已联系 ' })).toEqual({ text: '已联系' });
    expect(taskNoteRequest.safeParse({ text: '   ' }).success).toBe(false);
    expect(taskNoteRequest.safeParse({ text: 'a\u0000b' }).success).toBe(false);
    expect(taskNoteRequest.safeParse({ text: 'x'.repeat(2001) }).success).toBe(false);
  });

  it('read a user form sent back whole: id and username are no changes, empty phone and password keep meaning "none" and "unchanged"', () => {
    expect(userUpdateRequest.parse({ id: 4, username: 'wang', displayName: ' 王 ', phone: '', password: '', active: false })).toEqual({ displayName: '王', phone: '', password: '', active: false });
    expect(userUpdateRequest.safeParse({ password: 'short' }).success).toBe(false);
    expect(userUpdateRequest.safeParse({ roles: ['collector', 'boss'] }).success).toBe(false);
  });

  it('let a customer form send its record back, changing only the flag', () => {
    expect(customerUpdateRequest.safeParse({ remoteReconnectEligible: true, id: 1, name: '张三', history: [] }).success).toBe(true);
    expect(customerUpdateRequest.safeParse({ remoteReconnectEligible: true, supplyStatusNote: 'x' }).success).toBe(false);
    expect(customerUpdateRequest.safeParse({ remoteReconnectEligible: 'yes' }).success).toBe(false);
  });

  it('want exactly one of customerIds and filter in an application', () => {
    expect(disconnectionApplicationRequest.safeParse({ reason: '欠费', customerIds: [1, 2] }).success).toBe(true);
    expect(disconnectionApplicationRequest.safeParse({ reason: '欠费', filter: { arrearsAbove: 0 }, customerIds: null }).success).toBe(true);
    expect(disconnectionApplicationRequest.safeParse({ reason: '欠费', customerIds: [1], filter: { arrearsAbove: 0 } }).success).toBe(false);
    expect(disconnectionApplicationRequest.safeParse({ reason: '欠费' }).success).toBe(false);
    expect(disconnectionApplicationRequest.safeParse({ reason: '欠费', filter: { arrearsAbove: -1 } }).success).toBe(false);
  });

  it('check a payment as a payer sends it, naming each problem', () => {
    expect(paymentRequest.safeParse({ paymentId: 'B-1', accountNo: 'A1', amount: '128.50', channel: 'bank', paidAt: '2026-11-22T17:59:00+08:00' }).success).toBe(true);
    const refused = paymentRequest.safeParse({ paymentId: 'B-1', accountNo: 'A1', amount: '1.234', channel: 'bank', paidAt: '2026-02-30T10:00:00Z' });
    expect(refused.success ? [] : refused.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['amount', expect.stringContaining('at most two decimals')],
      ['paidAt', expect.stringContaining('no such date')],
    ]);
  });
});

it('every named contract converts to JSON Schema for /api/openapi.json', () => {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `#/components/schemas/${id}` });
  expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Task', 'Case', 'CaseDetail', 'Customer', 'CustomerDetail', 'User', 'SessionUser', 'Payment', 'Error', 'Health']));
});
