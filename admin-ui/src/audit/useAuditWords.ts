import { useCallback, useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { actorWords, exchangeLines, frameValue, frameWords, stepWords, timingWords, type Translate } from '../../../domain/audit/words';

/**
 * The auditor's words in the reader's language: the same functions the exported case file
 * uses (domain/audit/words.ts), over react-admin's translate.
 */
export function useAuditWords() {
  const translate = useTranslate();
  const t: Translate = useCallback((key, params = {}, fallback) => translate(key, { ...params, _: fallback ?? key }), [translate]);
  return useMemo(
    () => ({
      t,
      actor: (actor: Parameters<typeof actorWords>[0]) => actorWords(actor, t),
      frame: (frame: Parameters<typeof frameWords>[0]) => frameWords(frame, t),
      frameValue,
      exchange: (exchange: Parameters<typeof exchangeLines>[0]) => exchangeLines(exchange, t),
      timing: (exchange: Parameters<typeof timingWords>[0]) => timingWords(exchange, t),
      step: (step: string) => stepWords(step, t),
    }),
    [t],
  );
}
