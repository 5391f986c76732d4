/**
 * Whether and how a customer is reconnected (domain brief §2). Pure, so the workflow, the
 * payment endpoint and the sweep agree.
 */
export interface ReconnectionFacts {
  supplyStatus: 'connected' | 'disconnected';
  arrearsFen: number;
  remoteReconnectEligible: boolean;
  hasMeter: boolean;
}

export type ReconnectionDecision =
  | { action: 'none'; reason: 'already-connected' | 'arrears-remain' }
  | { action: 'remote' }
  | { action: 'manual'; reason: 'not-eligible' | 'no-meter' };

export function decideReconnection(facts: ReconnectionFacts): ReconnectionDecision {
  if (facts.supplyStatus !== 'disconnected') return { action: 'none', reason: 'already-connected' };
  if (facts.arrearsFen > 0) return { action: 'none', reason: 'arrears-remain' };
  if (!facts.remoteReconnectEligible) return { action: 'manual', reason: 'not-eligible' };
  if (!facts.hasMeter) return { action: 'manual', reason: 'no-meter' };
  return { action: 'remote' };
}
