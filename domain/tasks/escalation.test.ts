import { InvalidStepPolicyError, isCandidate, mayTake, parseHumanStepPolicy } from './escalation';

describe('parseHumanStepPolicy', () => {
  it('accepts an SLA with escalation levels', () => {
    const policy = { slaMinutes: 240, onOverdue: [{ notify: 'supervisor' }, { widenToRoles: ['executor'] }, { reassignTo: 'supervisor' }] };
    expect(parseHumanStepPolicy(policy, 'manualReconnection')).toEqual(policy);
  });

  it('defaults to no escalation', () => {
    expect(parseHumanStepPolicy({ slaMinutes: 60 }, 'x')).toEqual({ slaMinutes: 60, onOverdue: [] });
  });

  it.each([
    [null, 'must be an object'],
    [{ slaMinutes: 0 }, 'slaMinutes'],
    [{ slaMinutes: 10, onOverdue: [{ widenToRoles: ['boss'] }] }, 'onOverdue[0]'],
    [{ slaMinutes: 10, onOverdue: [{ notify: 'everyone' }] }, 'onOverdue[0]'],
    [{ slaMinutes: 10, onOverdue: [{ notify: 'supervisor', widenToRoles: ['crew'] }] }, 'onOverdue[0]'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseHumanStepPolicy(raw, 'step')).toThrow(InvalidStepPolicyError);
    expect(() => parseHumanStepPolicy(raw, 'step')).toThrow(message);
  });
});

describe('isCandidate', () => {
  const candidates = { candidateRoles: ['collector' as const], candidateUserIds: [7] };

  it('takes a person with a candidate role or a named user', () => {
    expect(isCandidate(candidates, { userId: 1, roles: ['collector'] })).toBe(true);
    expect(isCandidate(candidates, { userId: 7, roles: [] })).toBe(true);
  });

  it('refuses anyone else', () => {
    expect(isCandidate(candidates, { userId: 1, roles: ['approver', 'auditor'] })).toBe(false);
  });
});

describe('mayTake', () => {
  const candidates = { candidateRoles: ['approver' as const], candidateUserIds: [9] };
  it('offers a candidate by role or by name', () => {
    expect(mayTake(candidates, [], { userId: 1, roles: ['approver'] })).toBe(true);
    expect(mayTake(candidates, [], { userId: 9, roles: [] })).toBe(true);
    expect(mayTake(candidates, [], { userId: 2, roles: ['collector'] })).toBe(false);
  });
  it('never offers someone the process refuses by name, whatever their roles', () => {
    expect(mayTake(candidates, [1], { userId: 1, roles: ['approver', 'collector'] })).toBe(false);
    expect(mayTake(candidates, [9], { userId: 9, roles: [] })).toBe(false);
    expect(mayTake(candidates, [1], { userId: 3, roles: ['approver'] })).toBe(true);
  });
});
