/**
 * The back office's own catalogs (admin-ui/src/i18n), read server-side so an exported case
 * file says exactly what the screen says, in one language per document. Loaded on the first
 * export, not with the API: the API starts whatever state the UI's sources are in.
 */
import type { ExportLanguage } from '../../domain/audit/codes';

let catalogs: Record<ExportLanguage, object> | undefined;

function catalog(language: ExportLanguage): object {
  catalogs ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'zh-CN': (require('../../admin-ui/src/i18n/zh-CN') as typeof import('../../admin-ui/src/i18n/zh-CN')).default,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    en: (require('../../admin-ui/src/i18n/en') as typeof import('../../admin-ui/src/i18n/en')).default,
  };
  return catalogs[language];
}

export type { Translate } from '../../domain/audit/words';
import type { Translate } from '../../domain/audit/words';

/** A translate function like the UI's (polyglot's %{name} placeholders; the singular of "a |||| b"). */
export function translator(language: ExportLanguage): Translate {
  const messages = catalog(language);
  return (key, params = {}, fallback) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
    if (typeof found !== 'string') return fallback ?? key;
    const text = found.split('||||')[0]!.trim();
    return text.replace(/%\{(\w+)\}/g, (_, name: string) => (params[name] === undefined ? '' : String(params[name])));
  };
}
