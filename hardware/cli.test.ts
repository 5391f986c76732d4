import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../bin/gridflow.js');

function gridflow(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const GOLDEN_TRIP = 'FE FE FE FE 68 01 00 00 00 00 00 68 1C 10 35 33 33 33 33 33 33 33 4D 33 8C 8C 56 63 39 58 79 16';
const OPTIONS = ['--address', '000000000001', '--password', '02000000', '--operator', '00000000', '--deadline', '2025-06-30T23:59:59'];

describe('gridflow CLI', () => {
  it('prints the golden trip frame', () => {
    expect(gridflow('frame', 'trip', ...OPTIONS)).toEqual({ code: 0, stdout: `${GOLDEN_TRIP}\n`, stderr: '' });
  });

  it('prints a direct close, or a close-allowed with --allowed', () => {
    expect(gridflow('frame', 'close', ...OPTIONS).stdout).toContain(' 4F 33 8C 8C 56 63 39 58 7B 16');
    expect(gridflow('frame', 'close', ...OPTIONS, '--allowed').stdout).toContain(' 4E 33 8C 8C 56 63 39 58 7A 16');
  });

  it('decodes a meter reply with its meaning', () => {
    const run = gridflow('frame', 'decode', 'FE FE 68 01 00 00 00 00 00 68 91 08 33 33 34 33 89 67 45 33 9F 16');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      address: '000000000001',
      control: { raw: '91', fromMeter: true },
      meaning: { kind: 'read-data', di: '00010000', value: { kWh: 1234.56 } },
    });
  });

  it('exits 1 with the reason for a bad frame', () => {
    const run = gridflow('frame', 'decode', '680100000000006891', '0833333433896745339E16');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BAD_CHECKSUM');
  });

  it('exits 2 with usage for missing or invalid options', () => {
    const missing = gridflow('frame', 'trip', '--address', '000000000001');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --password');
    const invalid = gridflow('frame', 'trip', ...OPTIONS.slice(0, 6), '--deadline', '2025-13-01T00:00:00');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('not a valid meter time');
    expect(gridflow('frame', 'trip', ...OPTIONS, '--allowed').code).toBe(2);
    expect(gridflow('meters').code).toBe(2);
  });

  it('prints help', () => {
    const run = gridflow('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gridflow frame decode <hex>');
  });
});
