import type { Db } from '../../db/connection';
import { policyVersionInForce } from '../../db/queries/policies';
import { parseRepairPolicy, type RepairPolicy } from '../../domain/repair/policy';

/** The repair policy a request acts by: the version in force now, defaults filled in. */
export async function repairPolicyInForce(db: Db): Promise<RepairPolicy> {
  return parseRepairPolicy((await policyVersionInForce(db, 'repair'))?.value ?? {});
}
