import { applicationFingerprint, canApprove, DisconnectionApplication, InvalidDisconnectionApplicationError, parseDisconnectionApplication, parseIdempotencyKey, whyCannotApprove } from './application';

const policy = { maxCustomersPerCase: 10_000 };
const valid: DisconnectionApplication = { applicantId: 7, reason: 'Arrears over three months, reminders unanswered', customerIds: [101, 102, 103], filter: null };

describe('parseDisconnectionApplication', () => {
  it('accepts an application and trims its reason', () => {
    expect(parseDisconnectionApplication({ ...valid, reason: '  欠费三个月  ' }, policy)).toEqual({ ...valid, reason: '欠费三个月' });
  });

  it('keeps only the fields it knows', () => {
    expect(parseDisconnectionApplication({ ...valid, segmentId: 3 }, policy)).toEqual(valid);
  });

  it('accepts a reason of exactly 500 characters, counted as people see them', () => {
    for (const reason of ['欠'.repeat(500), '😡'.repeat(500)]) {
      expect(parseDisconnectionApplication({ ...valid, reason }, policy).reason).toBe(reason);
    }
  });

  it('accepts as many customers as the policy allows', () => {
    const customerIds = Array.from({ length: 10_000 }, (_, i) => i + 1);
    expect(parseDisconnectionApplication({ ...valid, customerIds }, policy).customerIds).toHaveLength(10_000);
  });

  it('accepts "all customers matching" instead of a list', () => {
    const byFilter = { applicantId: 7, reason: '欠费', filter: { arrearsAbove: 100, segmentCode: ' S-01 ' } };
    expect(parseDisconnectionApplication(byFilter, policy)).toEqual({ applicantId: 7, reason: '欠费', customerIds: null, filter: { arrearsAbove: 100, segmentCode: 'S-01' } });
    expect(parseDisconnectionApplication({ ...byFilter, customerIds: null, filter: { arrearsAbove: 0 } }, policy).filter).toEqual({ arrearsAbove: 0 });
  });

  it.each([
    [{ ...valid, filter: { arrearsAbove: 0 } }, 'give either customerIds'],
    [{ ...valid, customerIds: undefined }, 'give either customerIds'],
    [{ ...valid, customerIds: null, filter: { segmentCode: 'S-01' } }, 'filter.arrearsAbove must be a number of yuan, 0 or more (0 for any arrears), got undefined'],
    [{ ...valid, customerIds: null, filter: { arrearsAbove: -1 } }, 'filter.arrearsAbove must be a number of yuan, 0 or more'],
    [{ ...valid, customerIds: null, filter: { arrearsAbove: '100' } }, 'filter.arrearsAbove must be a number of yuan'],
    [{ ...valid, customerIds: null, filter: { arrearsAbove: 0, segmentCode: ' ' } }, 'filter.segmentCode must be a segment code'],
    [{ ...valid, customerIds: null, filter: { arrearsAbove: 0, supplyStatus: 'connected' } }, 'filter has unknown field(s) supplyStatus'],
    [{ ...valid, customerIds: null, filter: [] }, 'filter must be an object'],
    [null, 'the application must be an object'],
    [{ ...valid, applicantId: 0 }, 'applicantId must be a user id, got 0'],
    [{ ...valid, applicantId: undefined }, 'applicantId must be a user id'],
    [{ ...valid, reason: undefined }, 'reason must be 1 to 500 characters, got 0'],
    [{ ...valid, reason: '   ' }, 'reason must be 1 to 500 characters, got 0'],
    [{ ...valid, reason: 'x'.repeat(501) }, 'reason must be 1 to 500 characters, got 501'],
    [{ ...valid, customerIds: [] }, 'customerIds must list 1 to 10000 customers, got 0'],
    [{ ...valid, customerIds: 101 }, 'customerIds must list 1 to 10000 customers'],
    [{ ...valid, customerIds: [101, 0, -3, 1.5, '104', null] }, 'customerIds must be customer ids (whole numbers from 1), got 0, -3, 1.5, "104", null'],
    [{ ...valid, customerIds: [101, 102, 101, 103, 102, 101] }, 'customerIds lists customer(s) more than once: 101, 102'],
    [{ ...valid, customerIds: Array.from({ length: 7 }, () => 'x') }, 'got "x", "x", "x", "x", "x" and 2 more'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseDisconnectionApplication(raw, policy)).toThrow(InvalidDisconnectionApplicationError);
    expect(() => parseDisconnectionApplication(raw, policy)).toThrow(message);
  });

  it('holds a case to the policy’s own limit', () => {
    expect(() => parseDisconnectionApplication({ ...valid, customerIds: [1, 2, 3, 4] }, { maxCustomersPerCase: 3 })).toThrow('customerIds must list 1 to 3 customers, got 4');
  });
});

describe('canApprove', () => {
  const level = { name: 'Office head', approverRoles: ['approver' as const, 'executor' as const] };
  const attempt = { applicantId: 7, approverId: 9, approverRoles: ['approver' as const], level };

  it('lets someone else with one of the level’s roles approve', () => {
    expect(canApprove(attempt)).toBe(true);
    expect(canApprove({ ...attempt, approverRoles: ['collector', 'executor'] })).toBe(true);
    expect(whyCannotApprove(attempt)).toBeNull();
  });

  it('never lets the applicant approve their own case, whatever roles they hold', () => {
    const own = { ...attempt, approverId: 7, approverRoles: ['approver' as const, 'executor' as const] };
    expect(canApprove(own)).toBe(false);
    expect(whyCannotApprove(own)).toEqual({ code: 'OWN_APPLICATION', reason: 'An applicant never approves their own case' });
  });

  it('refuses someone without any of the level’s roles', () => {
    const collector = { ...attempt, approverRoles: ['collector' as const] };
    expect(canApprove(collector)).toBe(false);
    expect(whyCannotApprove(collector)).toEqual({ code: 'MISSING_ROLE', reason: 'Approval level "Office head" needs one of the roles approver, executor' });
    expect(canApprove({ ...attempt, approverRoles: [] })).toBe(false);
  });

  it('refuses whoever approved an earlier level of the same case', () => {
    const again = { ...attempt, earlierApproverIds: [9] };
    expect(canApprove(again)).toBe(false);
    expect(whyCannotApprove(again)).toMatchObject({ code: 'APPROVED_EARLIER_LEVEL' });
    expect(canApprove({ ...attempt, earlierApproverIds: [8] })).toBe(true);
  });
});

describe('idempotency keys', () => {
  it('takes the key from the header or the body, or none', () => {
    expect(parseIdempotencyKey('5f0c7c1e-3b7a-4d0e-9a51-2f7f0c1d2e3a', undefined)).toBe('5f0c7c1e-3b7a-4d0e-9a51-2f7f0c1d2e3a');
    expect(parseIdempotencyKey(undefined, 'form-1')).toBe('form-1');
    expect(parseIdempotencyKey('form-1', 'form-1')).toBe('form-1');
    expect(parseIdempotencyKey(undefined, null)).toBeNull();
  });

  it.each([
    ['', undefined],
    ['a b', undefined],
    [undefined, 42],
    ['x'.repeat(101), undefined],
    ['no\u0000pe', undefined],
    ['form-1', 'form-2'],
  ])('refuses header %p with body %p', (header, body) => {
    expect(() => parseIdempotencyKey(header, body)).toThrow(InvalidDisconnectionApplicationError);
  });
});

describe('applicationFingerprint', () => {
  const picked = { reason: '欠费', customerIds: [3, 1, 2], filter: null };
  it('is the same for the same customers in another order', () => {
    expect(applicationFingerprint(picked)).toBe(applicationFingerprint({ ...picked, customerIds: [1, 2, 3] }));
  });

  it('differs with the reason, the customers or the filter', () => {
    const fingerprints = [
      picked,
      { ...picked, reason: '欠费两月' },
      { ...picked, customerIds: [1, 2] },
      { reason: '欠费', customerIds: null, filter: { arrearsAbove: 0 } },
      { reason: '欠费', customerIds: null, filter: { arrearsAbove: 0, segmentCode: 'SEG-1' } },
      { reason: '欠费', customerIds: null, filter: { arrearsAbove: 100 } },
    ].map(applicationFingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
