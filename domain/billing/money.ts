/** Amounts are carried as integer fen (1/100 CNY) so sums never round. */
export type Fen = number;

const MAX_PAYMENT_FEN = 100_000_000_00; // 100 million CNY: above this the input is surely wrong.

export class InvalidAmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAmountError';
  }
}

/**
 * Parses a payment amount in CNY given as a JSON number (12.5) or a decimal string ("12.50")
 * into fen. Rejects anything that is not a positive amount with at most two decimals.
 */
export function parseYuanToFen(value: unknown): Fen {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAmountError('amount must be a finite number');
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new InvalidAmountError('amount must be a number of yuan, e.g. 128.50');
  }
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) {
    throw new InvalidAmountError(`amount "${text}" is not a positive number of yuan with at most two decimals`);
  }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (fen <= 0) throw new InvalidAmountError('amount must be greater than zero');
  if (fen > MAX_PAYMENT_FEN) throw new InvalidAmountError('amount is larger than any single payment can be');
  return fen;
}

/** "1234.50" for 123450 fen; negative amounts keep their sign. */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
