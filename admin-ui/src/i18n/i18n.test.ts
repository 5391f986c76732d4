import englishMessages from 'ra-language-english';
import en from './en';
import zhCN from './zh-CN';

/** "ra.action.add" for every leaf string of a nested catalog. */
function keysOf(catalog: object, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function valueAt(catalog: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog);
}

describe('translation catalogs', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(en).sort());
  });

  it('translate every message of react-admin into Chinese', () => {
    const zhKeys = new Set(keysOf(zhCN));
    expect(keysOf(englishMessages).filter((key) => !zhKeys.has(key))).toEqual([]);
  });

  it('have no empty message', () => {
    // react-admin's own "ra.boolean.null" is a deliberate blank.
    const blank = (catalog: object) =>
      keysOf(catalog).filter((key) => key !== 'ra.boolean.null' && String(valueAt(catalog, key)).trim() === '');
    expect(blank(en)).toEqual([]);
    expect(blank(zhCN)).toEqual([]);
  });

  it('use the placeholders react-admin and the app fill in', () => {
    const placeholders = (text: unknown) => [...new Set([...String(text).matchAll(/%\{(\w+)\}/g)].map((match) => match[1]))].sort();
    // Chinese has one plural form; it may leave out what only English's singular form names.
    const differing = keysOf(en).filter((key) => {
      const english = placeholders(valueAt(en, key));
      const chinese = placeholders(valueAt(zhCN, key));
      const plural = String(valueAt(en, key)).includes('||||');
      return plural ? !chinese.every((name) => english.includes(name)) : JSON.stringify(english) !== JSON.stringify(chinese);
    });
    expect(differing).toEqual([]);
  });
});
