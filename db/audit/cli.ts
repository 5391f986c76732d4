import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { connect } from '../connection';
import { verifyChain } from './chain';
import { checkExport } from './check-export';
import { AUDIT_USAGE } from './usage';


export interface AuditOutput {
  out(text: string): void;
  err(text: string): void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** `gridflow audit ...`; returns the exit code. */
export async function auditMain(argv: string[], output: AuditOutput): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'verify' && action !== 'check-export') {
    output.err(`gridflow: unknown audit action "${action ?? ''}"\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: action === 'check-export', options: { database: { type: 'string' }, page: { type: 'string' } } });
  const url = values.database ?? process.env.DATABASE_URL;
  if (!url) {
    output.err('gridflow: set DATABASE_URL or pass --database postgres://...\n');
    return 2;
  }
  if (action === 'check-export') {
    const [file] = positionals;
    if (!file || positionals.length > 1) {
      output.err(`gridflow: name one exported case file\n\n${AUDIT_USAGE}`);
      return 2;
    }
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (err) {
      output.err(`gridflow: cannot read ${file}: ${(err as Error).message}\n`);
      return 2;
    }
    return checkExportFile(url, file, content, output);
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

/** Exit 0 when every exported event matches the chain, 1 when one does not, 2 when the file is no case file. */
async function checkExportFile(url: string, file: string, content: string, output: AuditOutput): Promise<number> {
  const db = connect(url);
  try {
    let check;
    try {
      check = await checkExport(db, content);
    } catch (err) {
      output.err(`gridflow: ${file} is not a case file this command can read: ${(err as Error).message}\n`);
      return 2;
    }
    const head = check.chainHead ? `chain head seq ${check.chainHead.seq} ${check.chainHead.hash}` : 'empty chain';
    if (check.ok) {
      output.out(`export matches the chain: ${fmt(check.checked)} events of case ${check.caseId} (${check.file}); ${head} still in the chain\n`);
      return 0;
    }
    output.out(`export does NOT match the chain (${check.file}, case ${check.caseId}): ${check.problems.length} problem(s)\n`);
    for (const problem of check.problems) output.out(`  ${problem.kind}: ${problem.message}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}
