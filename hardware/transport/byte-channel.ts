/** A duplex byte stream to a line of meters: a serial port, or an in-memory stand-in. */
export interface ByteChannel {
  /** Resolves once the bytes have left (drained), so reply timers start at the right moment. */
  write(bytes: Buffer): Promise<void>;
  /** Chunks arrive as the line delivers them, with no regard to frame boundaries. */
  onData(listener: (chunk: Buffer) => void): () => void;
  close(): Promise<void>;
}

export type DataListener = (chunk: Buffer) => void;

/** The listener bookkeeping every channel needs. */
export class DataListeners {
  private readonly listeners = new Set<DataListener>();

  add(listener: DataListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(chunk: Buffer): void {
    for (const listener of [...this.listeners]) listener(chunk);
  }

  clear(): void {
    this.listeners.clear();
  }
}
