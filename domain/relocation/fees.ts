/**
 * The relocation fees (移机收费), the manual's table with every figure a parameter: labour
 * 120 CNY either way; cross exchange with a number-change announcement +30; cross exchange
 * keeping the number +30 (type A) or +70 (type B). Money in fen.
 */
import { RelocationChoiceError, relocationChoiceRefusal, type RelocationKind } from './exchange';

/** `A`: 甲种, a private residence (私人住宅电话); `B`: 乙种, everyone else. */
export const LINE_TYPES = ['A', 'B'] as const;
export type LineType = (typeof LINE_TYPES)[number];

export const FEE_CODES = ['labour', 'announcement', 'keep_number'] as const;
/** `labour`: 移机工料费; `announcement`: 改号通知费; `keep_number`: 移机不改号一次性费用. */
export type FeeCode = (typeof FEE_CODES)[number];

export interface RelocationFeePolicy {
  labourFen: number;
  announcementFen: number;
  keepNumberFen: Record<LineType, number>;
}

export interface FeeLine {
  code: FeeCode;
  amountFen: number;
}

export interface RelocationFees {
  lines: FeeLine[];
  totalFen: number;
}

export interface FeeFacts {
  kind: RelocationKind;
  lineType: LineType;
  announcement: boolean;
  keepNumber: boolean;
}

/** The itemised fees of an order; throws RelocationChoiceError for an impossible combination. */
export function relocationFees(order: FeeFacts, fees: RelocationFeePolicy): RelocationFees {
  const refusal = relocationChoiceRefusal(order);
  if (refusal) throw new RelocationChoiceError(refusal);
  const lines: FeeLine[] = [{ code: 'labour', amountFen: fees.labourFen }];
  if (order.announcement) lines.push({ code: 'announcement', amountFen: fees.announcementFen });
  if (order.keepNumber) lines.push({ code: 'keep_number', amountFen: fees.keepNumberFen[order.lineType] });
  return { lines, totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0) };
}

export const FEE_OVERRIDE_REFUSALS = ['NOT_PERMITTED', 'REASON_REQUIRED', 'REASON_TOO_LONG', 'INVALID_AMOUNT'] as const;
export type FeeOverrideRefusal = (typeof FEE_OVERRIDE_REFUSALS)[number];

export const OVERRIDE_REASON_MAX = 500;

export class FeeOverrideError extends Error {
  constructor(readonly code: FeeOverrideRefusal) {
    super(`fee override refused: ${code}`);
    this.name = 'FeeOverrideError';
  }
}

/** Fees whose total a person changed: the computed lines stay for the record. */
export interface OverriddenFees extends RelocationFees {
  computedTotalFen: number;
  override: { reason: string; waiver: boolean };
}

/**
 * A manual override of the total (a waiver is an override to 0). It needs a reason and the
 * right to override: `mayOverride` is the caller's check of the person's role (there is no
 * supervisor role in domain/permissions.ts yet, so the rule of who may is not decided here).
 */
export function applyOverride(fees: RelocationFees, override: { totalFen: number; reason: string }, mayOverride: boolean): OverriddenFees {
  if (!mayOverride) throw new FeeOverrideError('NOT_PERMITTED');
  const reason = override.reason.trim();
  if (reason === '') throw new FeeOverrideError('REASON_REQUIRED');
  if (reason.length > OVERRIDE_REASON_MAX) throw new FeeOverrideError('REASON_TOO_LONG');
  if (!Number.isSafeInteger(override.totalFen) || override.totalFen < 0) throw new FeeOverrideError('INVALID_AMOUNT');
  return {
    lines: fees.lines,
    totalFen: override.totalFen,
    computedTotalFen: fees.totalFen,
    override: { reason, waiver: override.totalFen === 0 },
  };
}
