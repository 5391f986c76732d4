/**
 * PostgreSQL text holds no NUL and JSON in jsonb no lone UTF-16 surrogate; a value with
 * either fails half-way through a change, so it is refused before anything is written.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
