import { type ByteChannel, DataListeners } from './byte-channel';
import { withLineTiming } from './line-timing';

export interface InMemoryChannelOptions {
  /** Pace bytes like a serial line at this baud rate (11 bits a byte); instant when omitted. */
  baudRate?: number;
}

/**
 * Two connected ends of a virtual cable, for the demo mode and fast tests: what one end
 * writes, the other receives. Delivery is asynchronous, as on a real line.
 */
export function createInMemoryChannelPair(options: InMemoryChannelOptions = {}): [ByteChannel, ByteChannel] {
  const left = new InMemoryEnd();
  const right = new InMemoryEnd();
  left.peer = right;
  right.peer = left;
  const pace = (end: ByteChannel) => (options.baudRate ? withLineTiming(end, options.baudRate) : end);
  return [pace(left), pace(right)];
}

class InMemoryEnd implements ByteChannel {
  peer: InMemoryEnd | undefined;
  private readonly listeners = new DataListeners();
  private closed = false;

  async write(bytes: Buffer): Promise<void> {
    if (this.closed) throw new Error('in-memory channel is closed');
    const copy = Buffer.from(bytes);
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.peer?.receive(copy);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  private receive(chunk: Buffer): void {
    // Like a cable with nobody listening at the far end: the bytes are simply lost.
    if (!this.closed && chunk.length > 0) this.listeners.emit(chunk);
  }
}
