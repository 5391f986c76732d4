import { parseArgs } from 'node:util';
import { connect } from '../connection';
import { verifyChain } from './chain';
import { AUDIT_USAGE } from './usage';


export interface AuditOutput {
  out(text: string): void;
  err(text: string): void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** `gridflow audit ...`; returns the exit code. */
export async function auditMain(argv: string[], output: AuditOutput): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'verify') {
    output.err(`gridflow: unknown audit action "${action ?? ''}"\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { database: { type: 'string' }, page: { type: 'string' } } });
  const url = values.database ?? process.env.DATABASE_URL;
  if (!url) {
    output.err('gridflow: set DATABASE_URL or pass --database postgres://...\n');
    return 2;
  }
  const db = connect(url);
  try {
    const report = await verifyChain(db, { pageSize: values.page ? Number(values.page) : undefined });
    const rate = report.seconds > 0 ? Math.round(report.checked / report.seconds) : report.checked;
    const timing = `${report.seconds.toFixed(2)} s, ${fmt(rate)} events/s`;
    if (report.ok) {
      const head = report.head ? `head seq ${report.head.seq} ${report.head.hash}` : 'no events yet';
      output.out(`chain intact: ${fmt(report.checked)} events, ${report.anchorsChecked} anchors; ${head} (${timing})\n`);
      return 0;
    }
    output.out(`chain BROKEN (${report.problem!.kind}): ${report.problem!.message}; ${fmt(report.checked)} events checked before it (${timing})\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}
