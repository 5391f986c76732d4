import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerCommandEntry, type LedgerEntry, ledgerStateOf, openFileLedger, parseLedger, unfinishedAttemptsOf } from './ledger';

const key = { batch: 'disconnection-7-batch-1/3', meter: '000000000101', command: 'trip' as const };
const intent = (at: string, attempt = 1): LedgerCommandEntry => ({ kind: 'intent', ...key, attempt, at });
const result = (at: string, confirmed = true): LedgerCommandEntry => ({ kind: 'result', ...key, attempt: 1, at, confirmed, relayOpen: confirmed, frames: [{ sentHex: '68 01', receivedHex: '68 81' }] });

describe('what the ledger says of a meter’s command', () => {
  it.each<[string, string, LedgerCommandEntry[]]>([
    ['nothing recorded', 'never-sent', []],
    ['an intent alone (the crash came before the result)', 'possibly-sent', [intent('t1')]],
    ['an intent and its result', 'answered', [intent('t1'), result('t2')]],
    ['answered, then intended again by a later attempt', 'possibly-sent', [intent('t1'), result('t2', false), intent('t3', 2)]],
    ['another meter’s entries only', 'never-sent', [{ ...intent('t1'), meter: '000000000102' }]],
    ['the other command’s entries only', 'never-sent', [{ ...intent('t1'), command: 'direct-close' } as LedgerCommandEntry]],
  ])('%s → %s', (_what, state, entries) => {
    expect(ledgerStateOf(entries, key.meter, key.command).state).toBe(state);
  });

  it('keeps the last result and counts the intents', () => {
    expect(ledgerStateOf([intent('t1'), result('t2', false), intent('t3', 2), result('t4', true)], key.meter, key.command)).toEqual({ state: 'answered', intents: 2, result: result('t4', true) });
  });

  it('reads whole lines only: a line torn by a crash is left out', () => {
    const text = `${JSON.stringify(intent('t1'))}\n${JSON.stringify(result('t2'))}\n{"kind":"intent","batch":"disconnection-7-ba`;
    expect(parseLedger(text)).toEqual([intent('t1'), result('t2')]);
    expect(parseLedger('not json\n\n{"kind":"other","batch":"b","meter":"m"}\n')).toEqual([]);
  });
});

describe('attempts a crashed worker left running', () => {
  const begun = (activity: string, attempt: number): LedgerEntry => ({ kind: 'attempt-begun', activity, activityType: 'switchRelays', attempt, taskToken: Buffer.from(`${activity}#${attempt}`).toString('base64'), at: 't0' });
  const ended = (activity: string, attempt: number, abandoned?: boolean): LedgerEntry => ({ kind: 'attempt-ended', activity, attempt, at: 't9', ...(abandoned ? { abandoned } : {}) });

  it('are those begun and never ended, each attempt on its own', () => {
    const entries = [begun('w1/1', 1), begun('w2/1', 1), intent('t1'), ended('w1/1', 1), begun('w2/1', 2), ended('w2/1', 1), begun('w3/4', 1)];
    expect(unfinishedAttemptsOf(entries).map((entry) => entry.kind === 'attempt-begun' && `${entry.activity}#${entry.attempt}`)).toEqual(['w2/1#2', 'w3/4#1']);
  });

  it('are none once failed on the crashed worker’s behalf', () => {
    expect(unfinishedAttemptsOf([begun('w1/1', 1), ended('w1/1', 1, true)])).toEqual([]);
  });

  it('are read from whole lines, and an attempt’s entries are not a batch’s commands', async () => {
    const text = [begun('w1/1', 1), intent('t1'), { kind: 'attempt-begun', activity: 'w2/1' }].map((entry) => JSON.stringify(entry)).join('\n');
    const entries = parseLedger(text);
    expect(entries).toEqual([begun('w1/1', 1), intent('t1')]);
    expect(unfinishedAttemptsOf(entries)).toEqual([begun('w1/1', 1)]);
  });
});

describe('the ledger file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridflow-ledger-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps entries across a reopen, by batch, and starts after a torn line on a line of its own', async () => {
    const path = join(dir, 'ledger-site-a.jsonl');
    const first = await openFileLedger(path);
    await Promise.all([first.record(intent('t1')), first.record({ ...intent('t1'), batch: 'other/1' }), first.record(result('t2'))]);
    await first.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"kind":"intent","bat`);
    const again = await openFileLedger(path);
    await again.record(intent('t3', 2));
    await again.record({ kind: 'attempt-begun', activity: key.batch, activityType: 'switchRelays', attempt: 2, taskToken: 'dG9rZW4=', at: 't3' });
    expect(await again.entriesOf(key.batch)).toEqual([intent('t1'), result('t2'), intent('t3', 2)]);
    expect((await again.unfinishedAttempts()).map((entry) => entry.taskToken)).toEqual(['dG9rZW4=']);
    await again.close();
  });

  it('holds an intent written just before the process was killed (kill -9): possibly sent', async () => {
    const path = join(dir, 'ledger-site-b.jsonl');
    // A separate OS process records the intent, then kills itself before any result.
    const script = `
      const { openFileLedger } = require(${JSON.stringify(require.resolve('./ledger'))});
      openFileLedger(${JSON.stringify(path)}).then(async (ledger) => {
        await ledger.record(${JSON.stringify(intent('t1'))});
        process.kill(process.pid, 'SIGKILL');
      });`;
    const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', script], { stdio: 'inherit' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const ledger = await openFileLedger(path);
    expect(ledgerStateOf(await ledger.entriesOf(key.batch), key.meter, key.command)).toEqual({ state: 'possibly-sent', intents: 1, lastIntentAt: 't1' });
    await ledger.close();
  });
});
