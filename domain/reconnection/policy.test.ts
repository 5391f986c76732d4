import { DEFAULT_RECONNECTION_POLICY, InvalidPolicyError, parseReconnectionPolicy } from './policy';

describe('parseReconnectionPolicy', () => {
  it('ships the manual defaults: 15-minute sweep, 2-hour retry, 3 commands', () => {
    const policy = parseReconnectionPolicy({});
    expect(policy).toEqual(DEFAULT_RECONNECTION_POLICY);
    expect(policy.sweepIntervalMinutes).toBe(15);
    expect(policy.retryIntervalMinutes).toBe(120);
    expect(policy.maxCommands).toBe(3);
  });

  it('takes overrides and keeps the rest', () => {
    const policy = parseReconnectionPolicy({ maxCommands: 5, templates: { customerReconnected: 'ok {customerNo}' } });
    expect(policy.maxCommands).toBe(5);
    expect(policy.templates.customerReconnected).toBe('ok {customerNo}');
    expect(policy.templates.collectorManualReconnection).toBe(DEFAULT_RECONNECTION_POLICY.templates.collectorManualReconnection);
  });

  it.each([
    [{ maxCommands: 0 }, 'maxCommands'],
    [{ retryIntervalMinutes: 1.5 }, 'retryIntervalMinutes'],
    [{ sweepIntervalMinutes: '15' }, 'sweepIntervalMinutes'],
    [{ templates: { customerReconnected: '' } }, 'customerReconnected'],
    [{ templates: { customerReconnected: 'hi {nmae}' } }, '{nmae}'],
  ])('rejects %p', (raw, message) => {
    expect(() => parseReconnectionPolicy(raw)).toThrow(message);
  });

  it('rejects a policy that is not an object', () => {
    expect(() => parseReconnectionPolicy('fast')).toThrow(InvalidPolicyError);
  });
});

describe('reconnectionPolicySchema', () => {
  it('is stricter than the parser before it: unknown fields and non-object steps are refused with the policy error', () => {
    expect(() => parseReconnectionPolicy({ maxAttempts: 3 })).toThrow('reconnection policy has unknown field(s) maxAttempts');
    expect(() => parseReconnectionPolicy({ templates: { smsReconnected: 'x' } })).toThrow('templates has unknown field(s) smsReconnected');
    expect(() => parseReconnectionPolicy({ manualReconnection: { slaMinutes: 0 } })).toThrow(InvalidPolicyError);
    expect(() => parseReconnectionPolicy({ templates: { customerReconnected: 'hi {nmae}' } })).toThrow(InvalidPolicyError);
  });

  it('does not share the default escalation list with a parsed policy', () => {
    (parseReconnectionPolicy({}).manualReconnection.onOverdue as unknown[]).push({ notify: 'supervisor' });
    expect(DEFAULT_RECONNECTION_POLICY.manualReconnection.onOverdue).toHaveLength(2);
  });
});
