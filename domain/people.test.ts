import { actorUserId, personIdsIn } from './people';

describe('personIdsIn', () => {
  it('finds user ids under person keys at any depth, and user actors', () => {
    const data = [{ to: 4, reason: 'x', nested: { notified: [5, 6], throttled: [] } }, { applicantId: 3, customers: 2, by: '陈审批' }];
    expect(personIdsIn(data, ['user:7', 'workflow:reconnection-1', null])).toEqual([3, 4, 5, 6, 7]);
  });

  it("names the clerk who accepted a relocation order on its audit task", () => {
    expect(personIdsIn([{ orderNo: 'YJ-1', acceptedById: 9, loop: 1 }])).toEqual([9]);
  });

  it('ignores numbers under other keys and values that are not ids', () => {
    expect(personIdsIn([{ level: 1, to: -1, by: 'x', userId: 1.5 }])).toEqual([]);
  });

  it('reads user actors only', () => {
    expect([actorUserId('user:12'), actorUserId('service:bank'), actorUserId('user:x')]).toEqual([12, undefined, undefined]);
  });
});
