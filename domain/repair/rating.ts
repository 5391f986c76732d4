/**
 * A customer's SMS reply to the callback text, read as a rating 1–5. Understood: one digit
 * (half- or full-width), optionally followed by 分 or 星, with spaces around; the Chinese
 * numerals 一 to 五 the same way (五分). Anything else — another number (7, 0, 4.5), words,
 * two ratings — is not a rating: the reply is kept and flagged for an agent.
 */
export type SmsRating = { recognised: true; rating: 1 | 2 | 3 | 4 | 5 } | { recognised: false };

const CHINESE: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

export function parseSmsRating(text: string): SmsRating {
  // NFKC folds full-width digits (５) and the ideographic space into their ASCII forms.
  const folded = text.normalize('NFKC').trim();
  const match = /^([0-9]|[一二两三四五])\s*[分星]?$/u.exec(folded);
  if (!match) return { recognised: false };
  const value = CHINESE[match[1]!] ?? Number(match[1]);
  return value >= 1 && value <= 5 ? { recognised: true, rating: value as 1 | 2 | 3 | 4 | 5 } : { recognised: false };
}
