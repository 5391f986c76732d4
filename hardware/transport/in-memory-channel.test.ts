import { characterTimeMs, createInMemoryChannelPair } from '.';

describe('in-memory channel pair', () => {
  it('delivers what one end writes to the other', async () => {
    const [left, right] = createInMemoryChannelPair();
    const received: Buffer[] = [];
    right.onData((chunk) => received.push(chunk));
    await left.write(Buffer.from([1, 2, 3]));
    expect(Buffer.concat(received)).toEqual(Buffer.from([1, 2, 3]));
    await Promise.all([left.close(), right.close()]);
  });

  it('paces bytes at 11 bits a byte when given a baud rate', async () => {
    const [left, right] = createInMemoryChannelPair({ baudRate: 2400 });
    const arrivals: number[] = [];
    right.onData((chunk) => arrivals.push(...Array.from(chunk, () => Date.now())));
    const start = Date.now();
    await left.write(Buffer.alloc(20));
    const expectedMs = 20 * characterTimeMs(2400);
    expect(characterTimeMs(2400)).toBeCloseTo(4.583, 3);
    expect(arrivals).toHaveLength(20);
    expect(Date.now() - start).toBeGreaterThanOrEqual(expectedMs - 2);
    expect(arrivals[0]! - start).toBeGreaterThanOrEqual(3);
    await Promise.all([left.close(), right.close()]);
  });

  it('loses bytes written to a closed end and refuses writes from one', async () => {
    const [left, right] = createInMemoryChannelPair();
    const received: Buffer[] = [];
    right.onData((chunk) => received.push(chunk));
    await right.close();
    await left.write(Buffer.from([1]));
    expect(received).toEqual([]);
    await expect(right.write(Buffer.from([1]))).rejects.toThrow('closed');
    await left.close();
  });
});
