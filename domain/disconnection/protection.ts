import { formatChinaTime } from '../time';
import type { DisconnectionPolicy, ForbiddenWindows } from './policy';
import { ForbiddenWindowCode, forbiddenWindowAt, nextAllowedMoment } from './windows';

/** The calendar half of the gate, for a workflow that sleeps until commands are allowed. */
export { nextAllowedMoment };

/**
 * The gate every customer passes at command time (domain brief §1): protected customers are
 * never disconnected, those who paid drop out, and forbidden windows defer the command.
 * `code` is stable for machines and the UI's translations; `reason` is English; the UI translates by code.
 */
export type CommandVerdict =
  | { verdict: 'proceed' }
  | { verdict: 'never'; code: 'PROTECTED' | 'ALREADY_DISCONNECTED'; reason: string }
  | { verdict: 'excluded'; code: 'PAID' | 'NO_METER'; reason: string }
  | { verdict: 'defer'; code: ForbiddenWindowCode; until: number; reason: string };

/** What the gate needs to know of a customer, read at command time. */
export interface CommandFacts {
  protected: boolean;
  protectionReason?: string | null;
  /** Judged alike today; carried so a rule per type needs no change to callers. */
  type: 'residential' | 'non_residential';
  arrearsFen: number;
  supplyStatus: 'connected' | 'disconnected';
  /** Without a remote meter there is nothing to command: the case cannot cut this customer. */
  hasRemoteMeter: boolean;
}

export function judgeCommand(customer: CommandFacts, now: number, policy: Pick<DisconnectionPolicy, 'forbiddenWindows'>): CommandVerdict {
  if (customer.protected) {
    const why = customer.protectionReason?.trim();
    return { verdict: 'never', code: 'PROTECTED', reason: `Customer is protected${why ? ` (${why})` : ''} and is never disconnected` };
  }
  if (customer.supplyStatus === 'disconnected') return { verdict: 'never', code: 'ALREADY_DISCONNECTED', reason: 'Supply is already disconnected' };
  // Unreadable arrears must stop the command, not slip past the "paid" check.
  if (!Number.isSafeInteger(customer.arrearsFen)) throw new RangeError(`arrearsFen must be a whole number of fen, got ${customer.arrearsFen}`);
  if (customer.arrearsFen <= 0) return { verdict: 'excluded', code: 'PAID', reason: 'No arrears remain: the customer has paid since the application' };
  if (!customer.hasRemoteMeter) return { verdict: 'excluded', code: 'NO_METER', reason: 'No remote meter on record; disconnect on site' };
  return judgeWindow(now, policy) ?? { verdict: 'proceed' };
}

/**
 * The calendar half of the gate alone: null when commands are allowed at `now`, else the
 * deferral. A case pauses on it before commanding anyone, so a night does not wake
 * thousands of deferred customers at once in the morning.
 */
export function judgeWindow(now: number, policy: Pick<DisconnectionPolicy, 'forbiddenWindows'>): Extract<CommandVerdict, { verdict: 'defer' }> | null {
  const forbidden = forbiddenWindowAt(now, policy.forbiddenWindows);
  if (forbidden === null) return null;
  const until = nextAllowedMoment(now, policy);
  return { verdict: 'defer', code: forbidden, until, reason: `${explain(forbidden, policy.forbiddenWindows)}; next allowed ${formatChinaTime(new Date(until))} China time` };
}

function explain(code: ForbiddenWindowCode, windows: ForbiddenWindows): string {
  switch (code) {
    case 'NIGHT':
      return `No commands at night (${windows.nightStart}–${windows.nightEnd} China time)`;
    case 'WEEKEND':
      return 'No commands on weekends';
    case 'HOLIDAY':
      return 'No commands on public holidays';
    case 'AFTER_CUTOFF':
      return `No commands start after ${windows.dailyCutoff}, so that a customer cut off by mistake can be reconnected the same day`;
  }
}
