/**
 * Which exchange (局站) serves an address, and what that means for the relocation (移机):
 * the manual's rules, pure, so the order form, the API and the workflow decide alike.
 */

export const RELOCATION_KINDS = ['same', 'cross'] as const;
/** `same`: 本局移, the new address is served by the line's own exchange; `cross`: 跨局移. */
export type RelocationKind = (typeof RELOCATION_KINDS)[number];

/** A row of the designers' address table: addresses starting with `prefix` belong to the exchange. */
export interface AddressPrefix {
  prefix: string;
  exchangeCode: string;
}

/**
 * An address as compared with the table: trimmed, full-width characters (digits, letters,
 * the ideographic space) made half-width, runs of spaces collapsed to one.
 */
export function normaliseAddress(address: string): string {
  return address
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/**
 * The exchange of an address: the row with the longest matching prefix (the first such row
 * on a tie). Null when no row matches: the clerk then chooses the exchange by hand, as the
 * manual says. A blank prefix never matches (it would hide every address from that choice).
 */
export function exchangeForAddress(address: string, table: readonly AddressPrefix[]): AddressPrefix | null {
  const wanted = normaliseAddress(address);
  let best: AddressPrefix | null = null;
  let bestLength = 0;
  for (const row of table) {
    const prefix = normaliseAddress(row.prefix);
    if (prefix.length > bestLength && wanted.startsWith(prefix)) {
      best = row;
      bestLength = prefix.length;
    }
  }
  return best;
}

export const RELOCATION_CHOICE_REFUSALS = ['ANNOUNCEMENT_SAME_EXCHANGE', 'KEEP_NUMBER_SAME_EXCHANGE', 'ANNOUNCEMENT_WITH_KEPT_NUMBER'] as const;
export type RelocationChoiceRefusal = (typeof RELOCATION_CHOICE_REFUSALS)[number];

/** An order asks for something its kind of relocation cannot have. */
export class RelocationChoiceError extends Error {
  constructor(readonly code: RelocationChoiceRefusal) {
    super(`impossible relocation choice: ${code}`);
    this.name = 'RelocationChoiceError';
  }
}

/**
 * Why a choice is impossible, or null: a same-exchange move keeps its number and has no
 * number-change announcement (改号通知); a kept number across exchanges does not change, so
 * there is nothing to announce.
 */
export function relocationChoiceRefusal(choice: { kind: RelocationKind; keepNumber: boolean; announcement: boolean }): RelocationChoiceRefusal | null {
  if (choice.kind === 'same' && choice.announcement) return 'ANNOUNCEMENT_SAME_EXCHANGE';
  if (choice.kind === 'same' && choice.keepNumber) return 'KEEP_NUMBER_SAME_EXCHANGE';
  if (choice.announcement && choice.keepNumber) return 'ANNOUNCEMENT_WITH_KEPT_NUMBER';
  return null;
}

export interface RelocationDecision {
  kind: RelocationKind;
  /** A new number must be chosen from the new exchange's pool (选号). */
  numberChoice: boolean;
  /** The "NP flag" product (移机不改号): the number moves with the line. */
  npFlag: boolean;
  /** A number-change announcement may be ordered. */
  announcementAllowed: boolean;
}

/**
 * The manual's decision: same exchange → no number choice, no announcement; cross exchange →
 * a new number is chosen and an announcement may be ordered, unless the customer keeps the
 * number (NP flag, number choice disabled). Throws RelocationChoiceError for an impossible
 * request (see relocationChoiceRefusal).
 */
export function decideRelocation(order: { fromExchange: string; toExchange: string; keepNumber: boolean; announcement: boolean }): RelocationDecision {
  const kind: RelocationKind = order.fromExchange.trim() === order.toExchange.trim() ? 'same' : 'cross';
  const refusal = relocationChoiceRefusal({ kind, keepNumber: order.keepNumber, announcement: order.announcement });
  if (refusal) throw new RelocationChoiceError(refusal);
  if (kind === 'same') return { kind, numberChoice: false, npFlag: false, announcementAllowed: false };
  if (order.keepNumber) return { kind, numberChoice: false, npFlag: true, announcementAllowed: false };
  return { kind, numberChoice: true, npFlag: false, announcementAllowed: true };
}
