import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeOneFrame, decodeReceived } from '../../db/audit/frames';
import { ACTOR_KINDS, CHAIN_PROBLEM_KINDS, DATA_ITEMS, FRAME_DIRECTIONS, FRAME_FAULTS, FRAME_FLAGS, FRAME_FUNCTIONS, FRAME_MEANINGS, METER_TYPES, STEP_STATES, TIMELINE_KINDS } from '../../domain/audit/codes';
import { frameWords } from '../../domain/audit/words';
import { parseHex } from '../../hardware/hex';
import { translator } from './catalogs';

// Every reference frame (hardware/dlt645/fixtures/vectors.json) in the back office's words, in
// both languages: each code the decoder can give has its label, and no language leaks into the other.
const vectors: Array<{ name: string; direction: 'master' | 'meter'; hex: string }> = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../hardware/dlt645/fixtures/vectors.json'), 'utf8'),
).vectors;

const LANGUAGES = ['zh-CN', 'en'] as const;

/** A translate that records the keys it could not find. */
function strict(language: (typeof LANGUAGES)[number]) {
  const missing: string[] = [];
  const t = translator(language);
  return {
    missing,
    t: (key: string, params?: Record<string, unknown>, fallback?: string) => {
      const text = t(key, params, '\u0000');
      if (text === '\u0000') {
        missing.push(key);
        return fallback ?? key;
      }
      return text;
    },
  };
}

describe.each(LANGUAGES)('frames in %s', (language) => {
  it('has a label for every code the decoder, the actors, the steps and the verification use', () => {
    const { t, missing } = strict(language);
    const groups: Array<[string, readonly string[]]> = [
      ['app.audit.frame.meaning', FRAME_MEANINGS],
      ['app.audit.frame.flag', FRAME_FLAGS],
      ['app.audit.frame.fault', FRAME_FAULTS],
      ['app.audit.frame.item', DATA_ITEMS],
      ['app.audit.frame.function', FRAME_FUNCTIONS],
      ['app.audit.frame.direction', FRAME_DIRECTIONS],
      ['app.audit.frame.meter_type', METER_TYPES],
      ['app.audit.actor', ACTOR_KINDS],
      ['app.audit.step_state', STEP_STATES],
      ['app.audit.kind', TIMELINE_KINDS],
      ['app.audit.key', TIMELINE_KINDS],
      ['app.audit.verify.problem', CHAIN_PROBLEM_KINDS],
    ];
    for (const [prefix, codes] of groups) for (const code of codes) t(`${prefix}.${code}`);
    expect(missing).toEqual([]);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const { t, missing } = strict(language);
    const frame = vector.direction === 'master' ? decodeOneFrame(parseHex(vector.hex)) : decodeReceived(parseHex(vector.hex)).frames[0]!;
    const words = frameWords(frame, t);
    expect(missing).toEqual([]);
    // Hex values (0x1A), addresses and data identifiers are data; words must be the reader's.
    const text = words.replace(/0x[0-9A-F]+|\b[0-9A-F]{8}\b|\bkWh\b|\bA{12}\b/g, '');
    if (language === 'zh-CN') expect(text.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    else expect(text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g) ?? []).toEqual([]);
  });
});

it('says what the trip frame and the relay\'s answers mean', () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  const hex = (name: string) => parseHex(vectors.find((v) => v.name === name)!.hex);
  expect(frameWords(decodeOneFrame(hex('trip')), zh)).toBe('主站 → 电能表 · 远程控制（1C） · 地址 000000000001 — 跳闸：断开继电器（有效期至 2025-06-30T23:59:59）');
  expect(frameWords(decodeOneFrame(hex('trip')), en)).toBe('To the meter · Remote control (1C) · Address 000000000001 — Trip: open the relay (valid until 2025-06-30T23:59:59)');
  expect(frameWords(decodeReceived(hex('reply_status_word_3_relay_off')).frames[0]!, en)).toContain('relay open, no power; not prepaid; last command: close allowed');
  expect(frameWords(decodeReceived(hex('reply_control_password_error')).frames[0]!, zh)).toContain('命令被拒绝（错误字 0x04）; 密码错误或未授权');
  expect(frameWords(decodeReceived(hex('reply_forward_active_1234_56')).frames[0]!, en)).toContain('forward active energy: 1234.56 kWh');
});
