import { endOfChinaDay, firstFreeSeat, reservationUntil, slotCapacity } from './schedule';

describe('the number reservation after payment', () => {
  const minutes = 3 * 24 * 60;
  it('runs the reservation time past the end of the appointment day (China time)', () => {
    expect(new Date(endOfChinaDay('2024-05-12')).toISOString()).toBe('2024-05-12T16:00:00.000Z');
    expect(reservationUntil('2024-05-12', Date.parse('2024-05-10T01:00:00Z'), minutes).toISOString()).toBe('2024-05-15T16:00:00.000Z');
  });

  it('runs from now when the appointment day is past', () => {
    expect(reservationUntil('2024-05-01', Date.parse('2024-05-10T01:00:00Z'), 60).toISOString()).toBe('2024-05-10T02:00:00.000Z');
  });
});

describe('seats of a slot', () => {
  it.each<[number[], number, number | null]>([
    [[], 4, 1],
    [[1, 2], 4, 3],
    [[2, 4], 4, 1],
    [[1, 3, 2], 4, 4],
    [[1, 2, 3, 4], 4, null],
    [[1], 1, null],
  ])('taken %j of %d → %j', (taken, capacity, seat) => {
    expect(firstFreeSeat(taken, capacity)).toBe(seat);
  });

  it('reads a slot capacity by code; an unknown code has none', () => {
    const slots = [{ code: 'am', capacity: 4 }, { code: 'pm', capacity: 2 }];
    expect(slotCapacity(slots, 'pm')).toBe(2);
    expect(slotCapacity(slots, 'night')).toBe(0);
  });
});
