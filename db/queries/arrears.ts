/**
 * A customer's arrears in fen, never negative (credit on one account does not pay another
 * customer's), as SQL over a customers table aliased `c`.
 */
export const CUSTOMER_ARREARS_FEN_SQL = 'GREATEST(COALESCE((SELECT SUM(aa.arrears_fen) FROM account_arrears aa WHERE aa.customer_id = c.id), 0), 0)';
