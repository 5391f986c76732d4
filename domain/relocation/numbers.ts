/**
 * The pattern a clerk types on the number choosing screen (选号): digits, `*` for any run of
 * digits, `?` for exactly one; `8*88` is a number starting with 8 and ending with 88.
 */

export const NUMBER_PATTERN_MAX = 11;
export const NUMBER_PATTERN_REFUSALS = ['EMPTY', 'TOO_LONG', 'INVALID_CHARACTER'] as const;
export type NumberPatternRefusal = (typeof NUMBER_PATTERN_REFUSALS)[number];

/** The escape character of the LIKE pattern: use it as `number LIKE ? ESCAPE '\'`. */
export const LIKE_ESCAPE = '\\';

/** A literal character in a LIKE pattern: the escape character and LIKE's own wildcards escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => LIKE_ESCAPE + ch);
}

/**
 * The SQL LIKE pattern of what the clerk typed, after trimming and making full-width digits,
 * `＊` and `？` half-width; or the reason it is refused.
 */
export function numberPattern(input: string): { ok: true; like: string } | { ok: false; reason: NumberPatternRefusal } {
  const text = input.replace(/[\uFF10-\uFF19\uFF0A\uFF1F]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).trim();
  if (text === '') return { ok: false, reason: 'EMPTY' };
  if (text.length > NUMBER_PATTERN_MAX) return { ok: false, reason: 'TOO_LONG' };
  if (!/^[0-9*?]+$/.test(text)) return { ok: false, reason: 'INVALID_CHARACTER' };
  const like = [...text.replace(/\*+/g, '*')].map((ch) => (ch === '*' ? '%' : ch === '?' ? '_' : escapeLike(ch))).join('');
  return { ok: true, like };
}
