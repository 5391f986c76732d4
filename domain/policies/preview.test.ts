import { DEFAULT_DISCONNECTION_POLICY, DisconnectionPolicy } from '../disconnection/policy';
import { DEFAULT_RECONNECTION_POLICY, ReconnectionPolicy } from '../reconnection/policy';
import { previewPolicy } from './preview';

const MINUTE = 60_000;
// Wednesday 2026-11-18 15:30 in China (07:30 UTC): half an hour before the 16:00 cut-off.
const NOW = Date.parse('2026-11-18T07:30:00Z');
const disconnection = (change: Partial<DisconnectionPolicy> = {}): DisconnectionPolicy => ({ ...structuredClone(DEFAULT_DISCONNECTION_POLICY), ...change });
const reconnection = (change: Partial<ReconnectionPolicy> = {}): ReconnectionPolicy => ({ ...structuredClone(DEFAULT_RECONNECTION_POLICY), ...change });
const windows = (change: Partial<DisconnectionPolicy['forbiddenWindows']>) => disconnection({ forbiddenWindows: { ...DEFAULT_DISCONNECTION_POLICY.forbiddenWindows, ...change } });

describe('previewPolicy', () => {
  it('says NO_IMPACT when nothing in flight changes', () => {
    expect(previewPolicy({ key: 'disconnection', current: disconnection(), next: disconnection({ commandWindow: 50 }), effectiveAt: NOW, waitingCustomers: [{ noticeSentAt: null }] })).toEqual([{ code: 'NO_IMPACT', params: {} }]);
    expect(previewPolicy({ key: 'tasks', current: { urgeSmsIntervalMinutes: 30 }, next: { urgeSmsIntervalMinutes: 5 }, effectiveAt: NOW })).toEqual([{ code: 'NO_IMPACT', params: {} }]);
  });

  it('moves waiting customers to the next morning when the cut-off comes earlier than now', () => {
    const impacts = previewPolicy({
      key: 'disconnection',
      current: disconnection(),
      next: windows({ dailyCutoff: '15:00' }),
      effectiveAt: NOW,
      waitingCustomers: [{ noticeSentAt: null }, { noticeSentAt: null }, { noticeSentAt: NOW - 2 * 24 * 60 * MINUTE }],
    });
    // Thursday 07:00 in China is Wednesday 23:00 UTC.
    expect(impacts).toEqual([{ code: 'CUSTOMERS_MOVED', params: { count: 3, from: '2026-11-18T07:30:00.000Z', to: '2026-11-18T23:00:00.000Z' } }]);
  });

  it('counts only the customers whose notice period still decides their time when it lengthens', () => {
    const impacts = previewPolicy({
      key: 'disconnection',
      current: disconnection(),
      next: disconnection({ preNoticeMinutes: 3 * 24 * 60 }),
      effectiveAt: NOW,
      // Noticed an hour ago: 24 h later is Thursday 14:30; 72 h later a Saturday, so Monday 07:00.
      waitingCustomers: [{ noticeSentAt: NOW - 60 * MINUTE }, { noticeSentAt: NOW - 10 * 24 * 60 * MINUTE }, { noticeSentAt: null }],
    });
    expect(impacts).toEqual([{ code: 'CUSTOMERS_MOVED', params: { count: 1, from: '2026-11-19T06:30:00.000Z', to: '2026-11-22T23:00:00.000Z' } }]);
  });

  it('leaves out the shared times when the moved customers do not share them', () => {
    const impacts = previewPolicy({
      key: 'disconnection',
      current: disconnection(),
      next: disconnection({ preNoticeMinutes: 3 * 24 * 60 }),
      effectiveAt: NOW,
      waitingCustomers: [{ noticeSentAt: NOW - 60 * MINUTE }, { noticeSentAt: NOW - 120 * MINUTE }],
    });
    expect(impacts).toEqual([{ code: 'CUSTOMERS_MOVED', params: { count: 2 } }]);
  });

  it('finds open tasks a shorter SLA would make overdue at once, per approval level and step', () => {
    const tasks = [
      { id: 7, step: 'disconnection-approval' as const, level: 'Approval', createdAt: NOW - 120 * MINUTE },
      { id: 8, step: 'disconnection-approval' as const, level: 'Approval', createdAt: NOW - 30 * MINUTE },
      { id: 9, step: 'disconnection-re-check' as const, createdAt: NOW - 120 * MINUTE },
      { id: 10, step: 'disconnection-approval' as const, level: 'Some old level', createdAt: NOW - 600 * MINUTE },
    ];
    const next = disconnection({ approvalLevels: [{ ...DEFAULT_DISCONNECTION_POLICY.approvalLevels[0]!, slaMinutes: 60 }] });
    expect(previewPolicy({ key: 'disconnection', current: disconnection(), next, effectiveAt: NOW, openTasks: tasks })).toEqual([{ code: 'TASKS_OVERDUE_AT_ONCE', params: { count: 1, taskIds: [7] } }]);
    // Taking effect later, the later moment decides.
    expect(previewPolicy({ key: 'disconnection', current: disconnection(), next, effectiveAt: NOW + 60 * MINUTE, openTasks: tasks })).toEqual([{ code: 'TASKS_OVERDUE_AT_ONCE', params: { count: 2, taskIds: [7, 8] } }]);
    const reCheck = disconnection({ reCheck: { slaMinutes: 90, onOverdue: [] } });
    expect(previewPolicy({ key: 'disconnection', current: disconnection(), next: reCheck, effectiveAt: NOW, openTasks: tasks })).toEqual([{ code: 'TASKS_OVERDUE_AT_ONCE', params: { count: 1, taskIds: [9] } }]);
  });

  it('finds manual reconnections a shorter SLA would make overdue, and retries that would come sooner or later', () => {
    const tasks = [{ id: 3, step: 'manual-reconnection' as const, createdAt: NOW - 5 * 60 * MINUTE }];
    const retries = [{ lastFailedAt: NOW - MINUTE }, { lastFailedAt: NOW - 10 * MINUTE }];
    const shorter = reconnection({ retryIntervalMinutes: 30, manualReconnection: { slaMinutes: 60, onOverdue: [] } });
    expect(previewPolicy({ key: 'reconnection', current: reconnection(), next: shorter, effectiveAt: NOW, openTasks: tasks, waitingRetries: retries })).toEqual([
      { code: 'TASKS_OVERDUE_AT_ONCE', params: { count: 1, taskIds: [3] } },
      { code: 'RETRIES_SOONER', params: { count: 2 } },
    ]);
    expect(previewPolicy({ key: 'reconnection', current: reconnection(), next: reconnection({ retryIntervalMinutes: 240 }), effectiveAt: NOW, waitingRetries: retries })).toEqual([{ code: 'RETRIES_LATER', params: { count: 2 } }]);
    expect(previewPolicy({ key: 'reconnection', current: reconnection(), next: reconnection({ retryIntervalMinutes: 240 }), effectiveAt: NOW, waitingRetries: [] })).toEqual([{ code: 'NO_IMPACT', params: {} }]);
  });
});
