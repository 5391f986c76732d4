import { PROCESSES } from '../processes';
import { isPolicyKey, POLICY_KEYS, POLICY_SCHEMAS } from './keys';

describe('policy keys', () => {
  it('include every registered process\'s policy, each with a schema', () => {
    for (const process of PROCESSES) expect([process.id, isPolicyKey(process.policyKey)]).toEqual([process.id, true]);
    expect(Object.keys(POLICY_SCHEMAS).sort()).toEqual([...POLICY_KEYS].sort());
  });

  it('name no inherited property', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'Disconnection']) expect(isPolicyKey(name)).toBe(false);
  });
});
