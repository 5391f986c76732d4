import { isPending, versionInForce } from './in-force';

const at = (iso: string) => Date.parse(iso);
const v = (version: number, effectiveAt: string) => ({ version, effectiveAt: new Date(effectiveAt) });

describe('versionInForce', () => {
  const versions = [v(1, '2026-01-01T00:00:00Z'), v(2, '2026-03-01T00:00:00Z'), v(3, '2026-02-01T00:00:00Z'), v(4, '2026-06-01T00:00:00Z')];

  it('takes the version that took effect last, not the highest number', () => {
    expect(versionInForce(versions, at('2026-02-15T00:00:00Z'))?.version).toBe(3);
    expect(versionInForce(versions, at('2026-04-01T00:00:00Z'))?.version).toBe(2);
  });

  it('leaves a version for later pending until its moment, and takes it from that moment on', () => {
    expect(versionInForce(versions, at('2026-05-31T23:59:59.999Z'))?.version).toBe(2);
    expect(versionInForce(versions, at('2026-06-01T00:00:00Z'))?.version).toBe(4);
    expect(isPending(versions[3]!, at('2026-05-31T23:59:59Z'))).toBe(true);
    expect(isPending(versions[3]!, at('2026-06-01T00:00:00Z'))).toBe(false);
  });

  it('settles two versions taking effect at the same moment by the later number, whatever their order', () => {
    const tied = [v(6, '2026-07-01T00:00:00Z'), v(5, '2026-07-01T00:00:00Z')];
    expect(versionInForce(tied, at('2026-07-02T00:00:00Z'))?.version).toBe(6);
    expect(versionInForce([...tied].reverse(), at('2026-07-02T00:00:00Z'))?.version).toBe(6);
  });

  it('has none before the first version, and reads ISO text and epoch numbers alike', () => {
    expect(versionInForce(versions, at('2025-12-31T00:00:00Z'))).toBeUndefined();
    expect(versionInForce([], Date.now())).toBeUndefined();
    expect(versionInForce([{ version: 1, effectiveAt: '2026-01-01T00:00:00Z' }, { version: 2, effectiveAt: at('2026-01-02T00:00:00Z') }], at('2026-01-03T00:00:00Z'))?.version).toBe(2);
  });
});
