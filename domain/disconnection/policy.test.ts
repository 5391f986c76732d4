import { PRC_HOLIDAYS_2026, PRC_WORKDAY_OVERRIDES_2026 } from './holidays';
import { DEFAULT_DISCONNECTION_POLICY, disconnectionPolicySchema, InvalidDisconnectionPolicyError, parseDisconnectionPolicy } from './policy';

describe('parseDisconnectionPolicy', () => {
  it('ships the defaults: one approval level, nights, weekends, holidays and a 16:00 cut-off forbidden', () => {
    const policy = parseDisconnectionPolicy({});
    expect(policy).toEqual(DEFAULT_DISCONNECTION_POLICY);
    expect(parseDisconnectionPolicy(undefined)).toEqual(DEFAULT_DISCONNECTION_POLICY);
    expect(policy.approvalLevels).toEqual([{ name: 'Approval', approverRoles: ['approver'], slaMinutes: 480, onOverdue: [{ notify: 'supervisor' }] }]);
    expect(policy.forbiddenWindows).toMatchObject({ nightStart: '22:00', nightEnd: '07:00', weekendsForbidden: true, dailyCutoff: '16:00' });
    expect(policy.preNoticeMinutes).toBe(24 * 60);
    expect(policy.commandValidityMinutes).toBe(5);
    expect(policy.commandWindow).toBe(100);
    expect(policy.maxCustomersPerCase).toBe(10_000);
  });

  it('ships the 2026 PRC holiday calendar with its make-up working days', () => {
    const { holidays, workdayOverrides } = DEFAULT_DISCONNECTION_POLICY.forbiddenWindows;
    expect(holidays).toHaveLength(33);
    expect(holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-06', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-07']));
    expect(holidays.filter((date) => date.startsWith('2026-02'))).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(workdayOverrides).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(holidays).toEqual(PRC_HOLIDAYS_2026);
    expect(workdayOverrides).toEqual(PRC_WORKDAY_OVERRIDES_2026);
  });

  it('does not let a parsed policy share its lists with the defaults', () => {
    parseDisconnectionPolicy({}).forbiddenWindows.holidays.push('2026-12-25');
    expect(DEFAULT_DISCONNECTION_POLICY.forbiddenWindows.holidays).not.toContain('2026-12-25');
  });

  it('takes overrides and keeps the rest', () => {
    const policy = parseDisconnectionPolicy({ preNoticeMinutes: 3 * 24 * 60, forbiddenWindows: { dailyCutoff: '15:00', holidays: [] } });
    expect(policy.preNoticeMinutes).toBe(3 * 24 * 60);
    expect(policy.forbiddenWindows).toEqual({ ...DEFAULT_DISCONNECTION_POLICY.forbiddenWindows, dailyCutoff: '15:00', holidays: [] });
    expect(policy.templates).toEqual(DEFAULT_DISCONNECTION_POLICY.templates);
  });

  it('takes several approval levels, each with the default SLA unless given', () => {
    const policy = parseDisconnectionPolicy({
      approvalLevels: [
        { name: 'Team leader', approverRoles: ['approver'] },
        { name: 'Office head', approverRoles: ['approver', 'executor'], slaMinutes: 24 * 60, onOverdue: [{ reassignTo: 'supervisor' }] },
      ],
    });
    expect(policy.approvalLevels).toEqual([
      { name: 'Team leader', approverRoles: ['approver'], slaMinutes: 480, onOverdue: [{ notify: 'supervisor' }] },
      { name: 'Office head', approverRoles: ['approver', 'executor'], slaMinutes: 1440, onOverdue: [{ reassignTo: 'supervisor' }] },
    ]);
  });

  it('accepts a template that uses the offered placeholders', () => {
    const outageNotice = '{customerName}, pay {arrears} CNY before {time} ({customerNo}, {orderNo})';
    expect(parseDisconnectionPolicy({ templates: { outageNotice } }).templates.outageNotice).toBe(outageNotice);
  });

  it.each([
    ['fast', 'disconnection policy must be an object'],
    [[], 'disconnection policy must be an object'],
    [{ preNoticeMinute: 60 }, 'disconnection policy has unknown field(s) preNoticeMinute; known fields: approvalLevels,'],
    [{ approvalLevels: [] }, 'approvalLevels must be a list of 1 to 10 levels'],
    [{ approvalLevels: { name: 'x' } }, 'approvalLevels must be a list of 1 to 10 levels'],
    [{ approvalLevels: [{ approverRoles: ['approver'] }] }, 'approvalLevels[0].name must be text of 1 to 50 characters'],
    [{ approvalLevels: [{ name: 'A' }] }, 'approvalLevels[0].approverRoles must list at least one role'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['boss'] }] }, 'approvalLevels[0].approverRoles[0] "boss" is not a role; roles are collector, approver,'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['approver', 'auditor'] }] }, 'approvalLevels[0].approverRoles[1] auditor cannot complete tasks, so could never approve'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['approver'], slaMinutes: 0 }] }, 'approvalLevels[0].slaMinutes must be a whole number of minutes, at least 1'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['approver'], onOverdue: [{ notify: 'everyone' }] }] }, 'approvalLevels[0].onOverdue[0] must be'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['approver'], sla: 60 }] }, 'approvalLevels[0] has unknown field(s) sla'],
    [{ approvalLevels: [{ name: 'A', approverRoles: ['approver'] }, { name: 'A', approverRoles: ['executor'] }] }, 'two levels are named "A"'],
    [{ forbiddenWindows: { nightStart: '7:00' } }, 'forbiddenWindows.nightStart must be a China time of day "HH:MM" from 00:00 to 23:59, got "7:00"'],
    [{ forbiddenWindows: { nightEnd: '24:00' } }, 'forbiddenWindows.nightEnd must be a China time of day'],
    [{ forbiddenWindows: { dailyCutoff: 1600 } }, 'forbiddenWindows.dailyCutoff must be a China time of day'],
    [{ forbiddenWindows: { nightStart: '07:00' } }, 'nightStart and nightEnd are both 07:00'],
    [{ forbiddenWindows: { dailyCutoff: '06:00' } }, 'forbiddenWindows leave no time for commands: the night (22:00–07:00) ends at or after the daily cut-off 06:00'],
    [{ forbiddenWindows: { dailyCutoff: '07:00' } }, 'leave no time for commands'],
    [{ forbiddenWindows: { nightStart: '00:00', nightEnd: '08:00', dailyCutoff: '08:00' } }, 'leave no time for commands'],
    [{ forbiddenWindows: { nightStart: '01:00', nightEnd: '05:00', dailyCutoff: '00:00' } }, 'leave no time for commands'],
    [{ forbiddenWindows: { weekendsForbidden: 'yes' } }, 'forbiddenWindows.weekendsForbidden must be true or false'],
    [{ forbiddenWindows: { holidays: '2026-10-01' } }, 'forbiddenWindows.holidays must be a list of dates "YYYY-MM-DD"'],
    [{ forbiddenWindows: { holidays: ['2026-02-30'] } }, 'forbiddenWindows.holidays[0] must be a real date "YYYY-MM-DD", got "2026-02-30"'],
    [{ forbiddenWindows: { workdayOverrides: ['2026-02-16'] } }, 'forbiddenWindows.workdayOverrides: 2026-02-16 is not a Saturday or Sunday'],
    [{ forbiddenWindows: { workdayOverrides: ['2026-02-21'] } }, 'forbiddenWindows: 2026-02-21 is both a holiday and a make-up working day'],
    [{ forbiddenWindows: { night: '22:00' } }, 'forbiddenWindows has unknown field(s) night'],
    [{ preNoticeMinutes: 0 }, 'preNoticeMinutes must be a whole number from 1 to 43200, got 0'],
    [{ commandValidityMinutes: 1.5 }, 'commandValidityMinutes must be a whole number'],
    [{ approvalLevels: [{ name: 'L1', approverRoles: ['approver'], slaMinutes: 60, onOverdue: [{ widenToRoles: ['executor'] }] }] }, 'approvalLevels[0].onOverdue[0]: an approval escalates by'],
    [{ commandWindow: 0 }, 'commandWindow must be a whole number from 1 to 1000, got 0'],
    [{ commandWindow: 5_000 }, 'commandWindow must be a whole number from 1 to 1000, got 5000'],
    [{ maxCustomersPerCase: 10_001 }, 'maxCustomersPerCase must be a whole number from 1 to 10000, got 10001'],
    [{ reCheck: { slaMinutes: -1 } }, 'reCheck.slaMinutes'],
    [{ manualOutageEntry: 'daily' }, 'manualOutageEntry must be an object'],
    [{ templates: { outageNotice: ' ' } }, 'templates.outageNotice must be non-empty text'],
    [{ templates: { outageNotice: '请于{tiem}前缴费' } }, 'templates.outageNotice: unknown placeholder(s) {tiem}'],
    [{ templates: { customerReconnected: 'hi' } }, 'templates has unknown field(s) customerReconnected'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseDisconnectionPolicy(raw)).toThrow(InvalidDisconnectionPolicyError);
    expect(() => parseDisconnectionPolicy(raw)).toThrow(message);
  });
});

describe('disconnectionPolicySchema', () => {
  it('gives each refusal a path, a zod code and the parameters a translation needs', () => {
    const parsed = disconnectionPolicySchema.safeParse({ forbiddenWindows: { dailyCutoff: '06:00' }, approvalLevels: [{ name: 'A', approverRoles: ['approver'] }, { name: 'A', approverRoles: ['approver'] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path, issue.code, (issue as { params?: unknown }).params])).toEqual([
      [['approvalLevels'], 'custom', { code: 'DUPLICATE_LEVEL_NAME', name: 'A' }],
      [['forbiddenWindows'], 'custom', { code: 'NO_TIME_FOR_COMMANDS', nightStart: '22:00', nightEnd: '07:00', dailyCutoff: '06:00' }],
    ]);
  });

  it('refuses a null where a value belongs, where the parser before it took the default', () => {
    expect(() => parseDisconnectionPolicy({ preNoticeMinutes: null })).toThrow('preNoticeMinutes must be a whole number');
  });

  it('says once that a text is no date', () => {
    expect(() => parseDisconnectionPolicy({ forbiddenWindows: { holidays: ['soon'] } })).toThrow(/^forbiddenWindows.holidays\[0\] must be a real date "YYYY-MM-DD", got "soon"$/);
  });
});
