import fc from 'fast-check';

/**
 * Hostile input for the property tests: text PostgreSQL cannot store, text that only looks
 * odd, numbers no column can hold, and names every JavaScript object already has.
 */

/** The seed of this run: FUZZ_SEED replays a finding, otherwise a fresh one (always printed). */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** FUZZ_RUNS=3 runs three times as many cases (for a deeper look outside CI). */
export const FUZZ_SCALE = Number(process.env.FUZZ_RUNS ?? 1) || 1;
export const runs = (n: number) => Math.max(1, Math.round(n * FUZZ_SCALE));

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString'] as const;

/** Characters that must be refused (NUL, lone surrogates) or kept exactly (the rest). */
export const HOSTILE_PIECES = [
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\udc00y', '\ud83d', // NUL and lone surrogates
  '\u202e', '\u200f', '\u200b', '\ufeff', '\u2028', '\u0085', // RTL override, RLM, ZWSP, BOM, line/next-line separators
  '😀', '👨‍👩‍👧', 'e\u0301', '\u{10ffff}', '\uffff', '中文', '𠜎', // emoji, ZWJ sequence, combining mark, noncharacters, CJK
  "'; DROP TABLE events; --", '%', '_', '\\', '"', '%00', '%ff', '${x}', '\r\n', '\t', ' ', '',
  ...PROTOTYPE_NAMES,
];

/** Numbers beyond int4, bigint, 2^53 and double, written as JSON numbers (parsed as Infinity, rounded, …). */
export const RAW_NUMBERS = ['1e309', '-1e309', '1e-400', '-0', '2147483648', '-2147483649', '9007199254740993', '9223372036854775808', '123456789012345678901234567890', '1.5', '0.1e1', '1E2'];

/** A JSON value whose serialisation is replaced by a raw number literal (see `toJson`). */
const rawNumber = fc.constantFrom(...RAW_NUMBERS).map((text) => `__RAWNUM_${text}__`);

export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"__RAWNUM_([-+.0-9eE]+)__"/g, '$1');
}

export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...HOSTILE_PIECES) }, { weight: 2, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) }, { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));

/** Long text, for the length limits (2000, 500, 64 characters; and surrogate pairs counted twice). */
export const longText: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('a', '😀', '中', '\u0000', '\ud800'), fc.constantFrom(63, 64, 65, 199, 200, 201, 499, 500, 501, 1999, 2000, 2001, 5000)).map(([c, n]) => c.repeat(n));

export const hugeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -1, 0, -0, 1.5, 0.5, 1e21, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON),
  fc.constantFrom('Infinity', '-Infinity', 'NaN', '1e309', '2147483648', '9223372036854775808', '-1', '1.5', '0x10', ' 1 ', '1e3', '', '٣', '１'),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
  rawNumber,
);

export const protoName = fc.constantFrom(...PROTOTYPE_NAMES);

/** Objects that pass for text or numbers until String() or Number() meets them. */
const impostor: fc.Arbitrary<Record<string, unknown>> = fc.tuple(fc.constantFrom('toString', 'valueOf', 'toJSON', '__proto__', 'constructor', 'length'), fc.constantFrom<unknown>('x', 1, null, {}, [], true, 'undefined')).map(([key, value]) => Object.fromEntries([[key, value]]));

/** Any JSON value, leaning hard on the hostile ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    hugeNumber,
    fc.constantFrom(null, true, false, 'true', 'false', 'null', 'undefined', '{}', '[]'),
    longText,
    impostor,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(protoName, hostileText), tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/**
 * An object with some of the given keys (and maybe prototype names or junk) set to hostile
 * values; `Object.fromEntries` makes `__proto__` an own, serialised key.
 */
export function objectWith(keys: readonly string[], valueFor: (key: string) => fc.Arbitrary<unknown> = () => hostileValue): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof({ weight: 6, arbitrary: keys.length ? fc.constantFrom(...keys) : protoName }, { weight: 2, arbitrary: protoName }, { weight: 1, arbitrary: hostileText });
  return fc.array(key.chain((k) => valueFor(k).map((v) => [k, v] as const)), { maxLength: 5 }).map((entries) => Object.fromEntries(entries));
}

/** A JSON body: usually an object of the endpoint's own fields, sometimes anything at all. */
export function hostileBody(keys: readonly string[], valueFor?: (key: string) => fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: objectWith(keys, valueFor).map(toJson) },
    { weight: 1, arbitrary: hostileValue.map(toJson) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":}', '[1,]', '"\\ud800"', '{"x":"\\u0000"}', '\u0000', 'null', '', '{"__proto__":{"admin":true}}', '{"a":1e309}', '{"a":"\\uDFFF"}', '{"a":"\\x00"}') },
  );
}

/** Bytes percent-encoded one by one: lone surrogates become U+FFFD as any UTF-8 client sends them. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** Path segments: ids no column holds, bytes that are not UTF-8, names objects already have. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('2147483648', '2147483647', '-1', '0', '1.5', '1e3', '1e309', 'Infinity', 'NaN', '9007199254740993', '9223372036854775808', '0x1', '%20%31', '%ff', '%00', '%', '%zz', '%c0%80', '%ed%a0%80', '%e2%80%ae1', '..', '%2e%2e', '%2f', '１', '٣', 'null', 'undefined', ...PROTOTYPE_NAMES) },
  { weight: 2, arbitrary: hugeNumber.map((n) => percentEncode(String(n))) },
  { weight: 2, arbitrary: hostileText.map(percentEncode) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) },
);

/** A query parameter's raw text: JSON (possibly of the right shape) or not JSON at all. */
export function hostileQueryParam(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: shaped.map((v) => encodeURIComponent(toJson(v))) },
    { weight: 2, arbitrary: hostileValue.map((v) => encodeURIComponent(toJson(v))) },
    { weight: 1, arbitrary: fc.oneof(hostileText.map(percentEncode), fc.constantFrom('%ff', '%00', '[0,1e309]', '[2147483648,2147483650]', '[9007199254740992,9007199254740993]', '[0,24', '%5B%22id%22%2C%22ASC%22%5D%26sort%3D1')) },
  );
}
