import { DEFAULT_REVISIT_POLICY, InvalidRevisitPolicyError, parseRevisitPolicy, RATED_PROCESSES, revisitPolicySchema } from './policy';

describe('the revisit policy', () => {
  it('ships the issue’s figures as defaults', () => {
    const policy = parseRevisitPolicy({});
    expect(policy).toEqual(DEFAULT_REVISIT_POLICY);
    expect(parseRevisitPolicy(null)).toEqual(DEFAULT_REVISIT_POLICY);
    expect(policy.badRatingThreshold).toEqual({ repair: 2, relocation: 2, reconnection: 2 });
    expect(policy.complaintKeywords).toEqual(['投诉', '差评', '太差', '态度差', '不满意']);
    expect(policy.ratingWords).toContainEqual({ word: '不满意', rating: 1 });
    expect(policy.ratingWords).toContainEqual({ word: '一般', rating: 3 });
    expect(RATED_PROCESSES.map((process) => policy.surveys[process].enabled)).toEqual([true, true, false]);
    expect(RATED_PROCESSES.every((process) => policy.surveys[process].template.includes('{orderNo}'))).toBe(true);
    expect(policy.firstContact).toEqual({ slaMinutes: 1440, onOverdue: [{ notify: 'supervisor' }, { reassignTo: 'supervisor' }] });
    expect(policy.attempts.retryAfterMinutes).toEqual([240, 1200]);
    expect(policy.recovery).toMatchObject({ afterDays: 7, answerHours: 48 });
    expect(policy.weeklySmsCap).toBe(2);
    expect(policy.causes.map((cause) => cause.code)).toEqual(['attitude', 'quality', 'timeliness', 'billing']);
    expect(policy.causes.every((cause) => cause.children.length === 2)).toBe(true);
  });

  it('writes no English into the customer’s texts', () => {
    const texts = [...RATED_PROCESSES.map((process) => DEFAULT_REVISIT_POLICY.surveys[process].template), DEFAULT_REVISIT_POLICY.recovery.smsTemplate];
    for (const text of texts) expect(text.replace('{orderNo}', '')).not.toMatch(/[A-Za-z]/);
  });

  it('takes overrides and keeps the rest', () => {
    const policy = parseRevisitPolicy({
      badRatingThreshold: { reconnection: 3 },
      surveys: { reconnection: { enabled: true } },
      firstContact: { slaMinutes: 120 },
      attempts: { retryAfterMinutes: [] },
      recovery: { afterDays: 14 },
      weeklySmsCap: 0,
      ratingWords: [{ word: '好', rating: 4 }],
      complaintKeywords: [],
    });
    expect(policy.badRatingThreshold).toEqual({ repair: 2, relocation: 2, reconnection: 3 });
    expect(policy.surveys.reconnection).toEqual({ enabled: true, template: DEFAULT_REVISIT_POLICY.surveys.reconnection.template });
    expect(policy.surveys.repair).toEqual(DEFAULT_REVISIT_POLICY.surveys.repair);
    expect(policy.firstContact).toEqual({ slaMinutes: 120, onOverdue: DEFAULT_REVISIT_POLICY.firstContact.onOverdue });
    expect(policy.attempts.retryAfterMinutes).toEqual([]);
    expect(policy.recovery).toEqual({ ...DEFAULT_REVISIT_POLICY.recovery, afterDays: 14 });
    expect(policy.weeklySmsCap).toBe(0);
    expect(policy.ratingWords).toEqual([{ word: '好', rating: 4 }]);
    expect(policy.complaintKeywords).toEqual([]);
    expect(policy.causes).toEqual(DEFAULT_REVISIT_POLICY.causes);
  });

  it('trims the words it keeps', () => {
    expect(parseRevisitPolicy({ complaintKeywords: [' 投诉 '], ratingWords: [{ word: ' 好 ', rating: 4 }] })).toMatchObject({ complaintKeywords: ['投诉'], ratingWords: [{ word: '好', rating: 4 }] });
  });

  it.each([
    [{ badRatingThreshold: { repair: 5 } }, 'badRatingThreshold.repair must be a whole number from 1 to 4, got 5'],
    [{ badRatingThreshold: { repair: 0 } }, 'badRatingThreshold.repair must be a whole number from 1 to 4, got 0'],
    [{ badRatingThreshold: { billing: 2 } }, 'badRatingThreshold has unknown field(s) billing'],
    [{ complaintKeywords: ['投诉', '投诉'] }, 'complaintKeywords: every keyword must be unique'],
    [{ complaintKeywords: ['ＡＢ', 'ab'] }, 'complaintKeywords: every keyword must be unique'],
    [{ complaintKeywords: [''] }, 'complaintKeywords[0] must be non-empty text'],
    [{ complaintKeywords: ['诉'.repeat(21)] }, 'complaintKeywords[0] must be at most 20 characters'],
    [{ complaintKeywords: Array.from({ length: 51 }, (_, i) => `词${i}`) }, 'complaintKeywords must list at most 50 keywords'],
    [{ complaintKeywords: ['投\u0000诉'] }, 'complaintKeywords[0] holds a NUL character'],
    [{ complaintKeywords: ['投\ud800诉'] }, 'complaintKeywords[0] holds a NUL character or a lone UTF-16 surrogate'],
    [{ complaintKeywords: '投诉' }, 'complaintKeywords must be a list'],
    [{ ratingWords: [{ word: '差', rating: 1 }, { word: '差！', rating: 2 }] }, 'ratingWords: every rating word must be unique'],
    [{ ratingWords: [{ word: '差', rating: 6 }] }, 'ratingWords[0].rating must be a whole number from 1 to 5, got 6'],
    [{ ratingWords: [{ word: '差', rating: 0 }] }, 'ratingWords[0].rating'],
    [{ ratingWords: [{ word: '５分', rating: 1 }] }, 'ratingWords[0].word is already read as a digit rating'],
    [{ ratingWords: [{ word: '！！', rating: 1 }] }, 'ratingWords[0].word must be a word, not only punctuation'],
    [{ ratingWords: [{ word: '差', rating: 1, weight: 2 }] }, 'ratingWords[0] has unknown field(s) weight'],
    [{ ratingWords: ['差'] }, 'ratingWords[0] must be an object {word, rating}'],
    [{ surveys: { repair: { enabled: 'yes' } } }, 'surveys.repair.enabled must be true or false'],
    [{ surveys: { repair: { template: '工单 {orderNo} 地址 {place}' } } }, 'surveys.repair.template: unknown placeholder(s) {place}'],
    [{ surveys: { repair: { template: '  ' } } }, 'surveys.repair.template must be non-empty text'],
    [{ surveys: { disconnection: {} } }, 'surveys has unknown field(s) disconnection'],
    [{ firstContact: { slaMinutes: 0 } }, 'firstContact.slaMinutes must be a whole number of minutes, at least 1'],
    [{ firstContact: { onOverdue: [{ notify: 'boss' }] } }, 'firstContact.onOverdue[0]'],
    [{ firstContact: { sla: 60 } }, 'firstContact has unknown field(s) sla'],
    [{ attempts: { retryAfterMinutes: [0] } }, 'attempts.retryAfterMinutes[0] must be a whole number from 1 to 10080, got 0'],
    [{ attempts: { retryAfterMinutes: [7 * 24 * 60 + 1] } }, 'attempts.retryAfterMinutes[0] must be a whole number from 1 to 10080'],
    [{ attempts: { retryAfterMinutes: Array.from({ length: 11 }, () => 60) } }, 'attempts.retryAfterMinutes must list at most 10 intervals'],
    [{ recovery: { afterDays: 0 } }, 'recovery.afterDays must be a whole number from 1 to 90, got 0'],
    [{ recovery: { afterDays: 91 } }, 'recovery.afterDays'],
    [{ recovery: { answerHours: 169 } }, 'recovery.answerHours must be a whole number from 1 to 168, got 169'],
    [{ recovery: { smsTemplate: '{customerName} 您好' } }, 'recovery.smsTemplate: unknown placeholder(s) {customerName}'],
    [{ recovery: { smsTemplate: '工单 {orderNo}\u0000' } }, 'recovery.smsTemplate holds a NUL character'],
    [{ weeklySmsCap: 21 }, 'weeklySmsCap must be a whole number from 0 to 20, got 21'],
    [{ weeklySmsCap: 1.5 }, 'weeklySmsCap must be a whole number'],
    [{ causes: [] }, 'causes must list at least one cause'],
    [{ causes: [{ code: 'attitude', name: '服务态度', children: [] }] }, 'causes[0].children must list at least one sub-cause'],
    [{ causes: [{ code: 'Attitude', name: '服务态度', children: [{ code: 'rude', name: '态度生硬' }] }] }, 'causes[0].code must be a code of lower-case letters, digits and -'],
    [{ causes: [{ code: 'a', name: '甲', children: [{ code: 'a', name: '甲一' }] }] }, 'causes: every cause code must be unique'],
    [
      {
        causes: [
          { code: 'a', name: '甲', children: [{ code: 'x', name: '甲一' }] },
          { code: 'b', name: '乙', children: [{ code: 'x', name: '乙一' }] },
        ],
      },
      'causes: every cause code must be unique',
    ],
    [{ causes: [{ code: 'a', name: ' ', children: [{ code: 'x', name: '甲一' }] }] }, 'causes[0].name must be non-empty text'],
    [{ causes: [{ code: 'a', name: '甲', children: [{ code: 'x' }] }] }, 'causes[0].children[0].name must be non-empty text'],
    [{ escalateTo: 'supervisor' }, 'revisit policy has unknown field(s) escalateTo'],
    ['strict', 'revisit policy must be an object'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseRevisitPolicy(raw)).toThrow(InvalidRevisitPolicyError);
    expect(() => parseRevisitPolicy(raw)).toThrow(message);
  });

  it('names the unknown placeholder’s code and the allowed ones for the UI', () => {
    const parsed = revisitPolicySchema.safeParse({ surveys: { relocation: { template: '{address}' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['surveys', 'relocation', 'template'], params: { code: 'UNKNOWN_PLACEHOLDER', allowed: ['orderNo'] } });
  });

  it('does not share the defaults’ lists with a parsed policy', () => {
    const policy = parseRevisitPolicy({});
    policy.complaintKeywords.push('垃圾');
    policy.ratingWords.push({ word: '好', rating: 4 });
    policy.attempts.retryAfterMinutes.push(60);
    policy.firstContact.onOverdue.push({ widenToRoles: ['approver'] });
    policy.causes[0]!.children.push({ code: 'attitude-other', name: '其他' });
    expect(DEFAULT_REVISIT_POLICY.complaintKeywords).toHaveLength(5);
    expect(DEFAULT_REVISIT_POLICY.ratingWords).toHaveLength(7);
    expect(DEFAULT_REVISIT_POLICY.attempts.retryAfterMinutes).toHaveLength(2);
    expect(DEFAULT_REVISIT_POLICY.firstContact.onOverdue).toHaveLength(2);
    expect(DEFAULT_REVISIT_POLICY.causes[0]!.children).toHaveLength(2);
  });
});
