import { useCallback } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { ROLES } from '../../../domain/permissions';
import { fieldLabelKey } from './schema';

const isIndex = (part: string | number) => typeof part === 'number' || /^\d+$/.test(part);

/**
 * Policy fields and values in the user's language: a field by its catalog label (list items
 * numbered from 1), a role or word by its name, yes/no, lists and groups spelt out.
 */
export function usePolicyText(policyKey: string) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const separator = locale === 'en' ? ', ' : '、';

  /** A field's label; a group's own label is under `_`. */
  const labelOf = useCallback(
    (names: readonly string[]) => {
      const leaf = fieldLabelKey(policyKey, names, false);
      return translate(leaf, { _: translate(fieldLabelKey(policyKey, names, true), { _: names[names.length - 1] ?? '' }) });
    },
    [policyKey, translate],
  );

  const fieldOf = useCallback(
    (path: readonly (string | number)[]) => {
      const names: string[] = [];
      const pieces: string[] = [];
      for (const part of path) {
        if (isIndex(part)) {
          const last = pieces.pop() ?? '';
          pieces.push(`${last} ${Number(part) + 1}`);
        } else {
          names.push(String(part));
          pieces.push(labelOf(names));
        }
      }
      return pieces.join(' · ');
    },
    [labelOf],
  );

  const valueOf = useCallback(
    (value: unknown, path: readonly string[] = []): string => {
      if (value === undefined || value === null) return translate('app.policy.not_set');
      if (typeof value === 'boolean') return translate(value ? 'ra.boolean.true' : 'ra.boolean.false');
      if (typeof value === 'string') {
        if ((ROLES as readonly string[]).includes(value)) return translate(`app.roles.${value}`);
        return translate(`app.policy_values.${value}`, { _: value });
      }
      if (Array.isArray(value)) return value.map((item) => valueOf(item, path)).join(separator);
      if (typeof value === 'object') {
        return Object.entries(value as Record<string, unknown>)
          .map(([name, inner]) => `${labelOf([...path.filter((part) => !isIndex(part)), name])}: ${valueOf(inner, [...path, name])}`)
          .join('; ');
      }
      return String(value);
    },
    [labelOf, separator, translate],
  );

  return { labelOf, fieldOf, valueOf };
}
