import { decideReconnection, ReconnectionFacts } from './decision';

const paidEligible: ReconnectionFacts = {
  supplyStatus: 'disconnected',
  arrearsFen: 0,
  remoteReconnectEligible: true,
  hasMeter: true,
};

describe('decideReconnection', () => {
  it('reconnects remotely a disconnected, eligible customer who owes nothing', () => {
    expect(decideReconnection(paidEligible)).toEqual({ action: 'remote' });
  });

  it('treats a credit balance as paid', () => {
    expect(decideReconnection({ ...paidEligible, arrearsFen: -500 })).toEqual({ action: 'remote' });
  });

  it('does nothing while even one fen is owed', () => {
    expect(decideReconnection({ ...paidEligible, arrearsFen: 1 })).toEqual({ action: 'none', reason: 'arrears-remain' });
  });

  it('does nothing for a customer who has supply', () => {
    expect(decideReconnection({ ...paidEligible, supplyStatus: 'connected' })).toEqual({ action: 'none', reason: 'already-connected' });
  });

  it('sends ineligible customers to on-site reconnection', () => {
    expect(decideReconnection({ ...paidEligible, remoteReconnectEligible: false })).toEqual({ action: 'manual', reason: 'not-eligible' });
  });

  it('sends customers without a registered meter to on-site reconnection', () => {
    expect(decideReconnection({ ...paidEligible, hasMeter: false })).toEqual({ action: 'manual', reason: 'no-meter' });
  });
});
