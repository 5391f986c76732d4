import type { Db } from '../../db/connection';
import { policyVersionInForce } from '../../db/queries/policies';
import { parseRelocationPolicy, type RelocationPolicy } from '../../domain/relocation/policy';

/** The relocation policy a request acts by: the version in force now, defaults filled in. */
export async function relocationPolicyInForce(db: Db): Promise<RelocationPolicy> {
  return parseRelocationPolicy((await policyVersionInForce(db, 'relocation'))?.value ?? {});
}
