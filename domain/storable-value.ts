import { isStorableText } from './storable-text';

/**
 * Where in a parsed JSON value (keys and strings, at any depth) text sits that PostgreSQL
 * cannot store, e.g. `result.opinion`; undefined when there is none. Walks with its own
 * stack, so a deeply nested body cannot overflow the call stack.
 */
export function findUnstorableText(value: unknown, root = 'value'): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [item, where] = stack.pop()!;
    if (typeof item === 'string') {
      if (!isStorableText(item)) return where;
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => stack.push([element, `${where}[${i}]`]));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (!isStorableText(key)) return `${where} (a key)`;
        stack.push([element, `${where}.${key}`]);
      }
    }
  }
  return undefined;
}

/** Said to whoever sent it, in English; the code is UNSTORABLE_TEXT or the form's own. */
export function unstorableTextMessage(where: string): string {
  return `${where} holds a NUL character or a lone UTF-16 surrogate, which cannot be stored`;
}

/** U+FFFD in place of each NUL and lone surrogate, at any depth (keys too): what a replay of an old accepted completion may carry. */
export function replaceUnstorableText(value: unknown): unknown {
  if (typeof value === 'string') return (value as string & { toWellFormed(): string }).toWellFormed().replaceAll('\u0000', '\ufffd');
  if (Array.isArray(value)) return value.map(replaceUnstorableText);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, element]) => [replaceUnstorableText(key), replaceUnstorableText(element)]));
  }
  return value;
}
