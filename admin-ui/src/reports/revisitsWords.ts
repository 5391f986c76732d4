import type { RevisitsReport } from '../../../domain/contracts/reports';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A rated process in words, as the revisit screens word it (`app.revisit.process`). */
export function processWord(process: RevisitsReport['processes'][number]['process'], translate: Translate): string {
  return translate(`app.revisit.process.${process}`);
}

/** The team that did the work: its name, else its code, else "no team" (a reconnection has none). */
export function teamWord(row: Pick<RevisitsReport['teams'][number], 'team' | 'teamName'>, translate: Translate): string {
  return row.teamName ?? row.team ?? translate('app.reports.revisits.no_team');
}

/**
 * A top-level cause in words (`app.revisit.cause.<code>`); a designer's own code has no word
 * and shows as recorded; null: the customer has not been reached yet.
 */
export function causeWord(cause: string | null, translate: Translate): string {
  return cause === null ? translate('app.reports.revisits.not_reached') : translate(`app.revisit.cause.${cause}`, { _: cause });
}
