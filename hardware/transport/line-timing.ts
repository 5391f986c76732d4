import type { ByteChannel } from './byte-channel';

/** 8E1 framing: start bit, 8 data bits, parity, stop bit. */
const BITS_PER_CHARACTER = 11;

export function characterTimeMs(baudRate: number): number {
  return (BITS_PER_CHARACTER * 1000) / baudRate;
}

/**
 * Wraps a channel so writes take as long as on a real line at `baudRate`: 4.58 ms a byte
 * at 2400. Bytes are released in small chunks as they fall due, like a UART FIFO, and
 * consecutive writes queue up behind each other.
 */
export function withLineTiming(channel: ByteChannel, baudRate: number): ByteChannel {
  const byteMs = characterTimeMs(baudRate);
  let closed = false;

  async function transmit(bytes: Buffer): Promise<void> {
    const start = Date.now();
    let sent = 0;
    while (sent < bytes.length && !closed) {
      await delay(start + (sent + 1) * byteMs - Date.now());
      const due = Math.min(bytes.length, Math.max(sent + 1, Math.floor((Date.now() - start) / byteMs)));
      await channel.write(bytes.subarray(sent, due));
      sent = due;
    }
  }

  let queue: Promise<void> = Promise.resolve();
  return {
    write(bytes) {
      const sending = queue.then(() => transmit(bytes));
      queue = sending.catch(() => undefined);
      return sending;
    },
    onData: (listener) => channel.onData(listener),
    close() {
      closed = true;
      return channel.close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
