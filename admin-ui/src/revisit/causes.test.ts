import { checkContactAttempt, checkEscalation, checkRecoveryCheck, leafCauseCodes } from '../../../domain/revisit/forms';
import { DEFAULT_REVISIT_POLICY, type CauseCategory } from '../../../domain/revisit/policy';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { causeChoices, causeLabel, causeTreeOf, type CausePath, type CauseWord } from './causes';
import { contactResult, escalationResult, recoveryResult } from './forms/results';

/** The catalog's word for a cause, else the designer's name: what useCauseWords does with react-admin's translate. */
const wordIn =
  (catalog: object): CauseWord =>
  (code, name) => {
    const words = (catalog as { app: { revisit: { cause: Record<string, string> } } }).app.revisit.cause;
    return Object.hasOwn(words, code) ? words[code]! : name;
  };
const path: CausePath = (parent, child) => `${parent} / ${child}`;

const designerTree: CauseCategory[] = [{ code: 'noise', name: '施工噪音', children: [{ code: 'noise-night', name: '夜间施工' }] }];

describe('the cause select of the first call', () => {
  it('offers every leaf of the default tree and no top-level cause', () => {
    const choices = causeChoices(DEFAULT_REVISIT_POLICY.causes, wordIn(zhCN), path);
    expect(choices.map((choice) => choice.id)).toEqual(leafCauseCodes(DEFAULT_REVISIT_POLICY.causes));
    expect(choices.map((choice) => choice.id)).not.toContain('attitude');
  });

  it('labels a leaf under its parent in the reader language', () => {
    expect(causeChoices(DEFAULT_REVISIT_POLICY.causes, wordIn(en), path)[0]).toEqual({ id: 'attitude-rude', name: 'Service attitude / Curt or rude' });
    expect(causeChoices(DEFAULT_REVISIT_POLICY.causes, wordIn(zhCN), path)[0]).toEqual({ id: 'attitude-rude', name: '服务态度 / 态度生硬' });
  });

  it("falls back to the designer's names for codes the catalog does not know", () => {
    expect(causeChoices(designerTree, wordIn(en), path)).toEqual([{ id: 'noise-night', name: '施工噪音 / 夜间施工' }]);
  });

  it('words a recorded code from the tree: leaf under parent, a parent alone, an unknown code as sent', () => {
    expect(causeLabel(DEFAULT_REVISIT_POLICY.causes, 'billing-disputed', wordIn(en), path)).toBe('Charges / Disputed charge');
    expect(causeLabel(designerTree, 'noise', wordIn(en), path)).toBe('施工噪音');
    expect(causeLabel([], 'quality-recurred', wordIn(zhCN), path)).toBe('问题复发');
    expect(causeLabel([], 'gone-code', wordIn(zhCN), path)).toBe('gone-code');
  });

  it("reads only the categories out of a payload's tree", () => {
    expect(causeTreeOf(undefined)).toEqual([]);
    expect(causeTreeOf([null, 'x', { code: 'a' }, ...designerTree])).toEqual(designerTree);
  });
});

describe('what the revisit forms send', () => {
  const causes = DEFAULT_REVISIT_POLICY.causes;

  it('sends a reached call trimmed, in the shape the workflow accepts', () => {
    const result = contactResult({ outcome: 'reached', causeCode: 'quality-not-fixed', said: '  电话还是没声音 ', action: '再次上门', responsible: ' 王班长 ', note: 'ignored' });
    expect(result).toEqual({ outcome: 'reached', causeCode: 'quality-not-fixed', said: '电话还是没声音', action: '再次上门', responsible: '王班长' });
    expect(checkContactAttempt(result, causes)).toEqual({ ok: true, value: result });
  });

  it('sends no answer without the fields typed before switching, and a blank note not at all', () => {
    const result = contactResult({ outcome: 'no-answer', note: '   ', causeCode: 'attitude-rude', said: '…' });
    expect(result).toEqual({ outcome: 'no-answer' });
    expect(checkContactAttempt(result, causes).ok).toBe(true);
    expect(contactResult({ outcome: 'no-answer', note: ' 关机 ' })).toEqual({ outcome: 'no-answer', note: '关机' });
  });

  it('sends a reached call without a cause as a refusal the server words (CAUSE_UNKNOWN), not as a no-answer', () => {
    const check = checkContactAttempt(contactResult({ outcome: 'reached', said: 'a', action: 'b', responsible: 'c' }), causes);
    expect(check).toMatchObject({ ok: false, code: 'CAUSE_UNKNOWN' });
  });

  it('sends the recovery check as a boolean', () => {
    expect(recoveryResult({ recovered: 'recovered' })).toEqual({ recovered: true });
    expect(recoveryResult({ recovered: 'not-recovered', note: ' 仍不满意 ' })).toEqual({ recovered: false, note: '仍不满意' });
    expect(checkRecoveryCheck(recoveryResult({ recovered: 'not-recovered' })).ok).toBe(true);
  });

  it("sends the manager's note trimmed; an empty one is refused", () => {
    expect(escalationResult({ note: ' 约谈班组 ' })).toEqual({ note: '约谈班组' });
    expect(checkEscalation(escalationResult({ note: '  ' }))).toMatchObject({ ok: false, code: 'TEXT_LENGTH' });
  });
});
