/** The audit commands' usage, apart from their code so the CLI's help loads no database driver. */
export const AUDIT_USAGE = `  gridflow audit verify [--database <url>] [--page <n>]
      Walk the event log's hash chain and check the daily anchors; name the first event
      altered, removed or inserted out of order. Exit 0 when intact, 1 when broken.
        --database  PostgreSQL URL (default: DATABASE_URL)
  gridflow audit check-export <file> [--database <url>]
      Check an exported case file (HTML, CSV or JSON) against the chain: recompute each
      exported event's hash, compare it with the database's event, and check that the chain
      head the file names is still there. Exit 0 when it matches, 1 when not.
`;
