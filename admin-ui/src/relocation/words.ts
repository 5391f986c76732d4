import { useCallback, useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { useApiErrorMessage } from '../common/apiErrors';
import { formatYuan } from './money';
import { relocationRefusalOf, type RelocationRefusal, type SentDocuments } from './refusals';

/** Codes the relocation screens word, each with its catalog prefix under app.relocation; an unknown code shows as sent. */
export function useRelocationWords() {
  const translate = useTranslate();
  return useMemo(
    () => ({
      /** "150.00 yuan" / "150.00 元". */
      money: (fen: number) => translate('app.relocation.money', { amount: formatYuan(fen) }),
      slot: (code: string) => translate(`app.relocation.slot.${code}`, { _: code }),
      plan: (code: string) => translate(`app.relocation.pricing_plan.${code}`, { _: code }),
      documentType: (code: string) => translate(`app.relocation.document_type.${code}`, { _: code }),
      word: (group: string, code: string) => translate(`app.relocation.${group}.${code}`, { _: code }),
    }),
    [translate],
  );
}

/** A refusal in the user's words: the slot and whose document by name, never the API's English. */
export function useDescribeRefusal(): (refusal: RelocationRefusal) => string {
  const translate = useTranslate();
  const { slot, word } = useRelocationWords();
  return useCallback(
    (refusal: RelocationRefusal) => {
      if (refusal.key.startsWith('real_name.')) {
        return translate('app.relocation.errors.real_name_refused', { who: translate(`app.relocation.who.${refusal.params.who}`), reason: translate(`app.relocation.errors.${refusal.key}`) });
      }
      const params: Record<string, string | number> = { ...refusal.params };
      if (typeof params.slot === 'string') params.slot = slot(params.slot);
      if (typeof params.state === 'string') params.state = word('account_state', params.state);
      return translate(`app.relocation.errors.${refusal.key}`, params);
    },
    [translate, slot, word],
  );
}

/** Any error of the relocation API as one sentence of the user's language, and the refusal it was (if these screens know it). */
export function useRelocationErrorMessage(): (error: unknown, sent?: SentDocuments) => { text: string; refusal?: RelocationRefusal } {
  const describe = useDescribeRefusal();
  const fallback = useApiErrorMessage();
  return useCallback(
    (error: unknown, sent?: SentDocuments) => {
      const refusal = relocationRefusalOf(error, sent);
      return refusal ? { text: describe(refusal), refusal } : { text: fallback(error) };
    },
    [describe, fallback],
  );
}
