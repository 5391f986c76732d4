import { type CommandLedger, type LedgerEntry, memoryLedger } from '../../hardware/ledger';

/**
 * A site ledger in memory that can refuse writes, as a full or failing disk does: an attempt
 * whose beginning cannot be recorded sends nothing and fails (activities/meters.ts), which is
 * how a test drives a batch into its read-back without killing a process.
 */
export function refusingLedger(): CommandLedger & { entries: LedgerEntry[]; refuseNextAttempts(count: number): void } {
  const ledger = memoryLedger();
  let refusals = 0;
  return {
    ...ledger,
    async record(entry) {
      if (entry.kind === 'attempt-begun' && refusals > 0) {
        refusals--;
        throw new Error('the ledger file cannot be written (no space left on device)');
      }
      return ledger.record(entry);
    },
    refuseNextAttempts(count) {
      refusals += count;
    },
  };
}
