import { SerialPort } from 'serialport';
import { type ByteChannel, DataListeners } from './byte-channel';

export interface SerialChannelOptions {
  path: string;
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
  /** Errors outside a write, e.g. an unplugged adapter; a process warning by default. */
  onError?: (error: Error) => void;
}

/** Opens a serial port; defaults are what Chinese meters speak: 2400 baud, 8E1. */
export async function openSerialChannel(options: SerialChannelOptions): Promise<ByteChannel> {
  const { path, baudRate = 2400, dataBits = 8, parity = 'even', stopBits = 1 } = options;
  const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(new Error(`cannot open serial port ${path}: ${error.message}`)) : resolve())),
  );

  const listeners = new DataListeners();
  port.on('data', (chunk: Buffer) => listeners.emit(chunk));
  port.on('error', options.onError ?? ((error: Error) => process.emitWarning(`serial port ${path}: ${error.message}`)));

  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        port.write(bytes, (error) => {
          if (error) return reject(error);
          port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
        });
      }),
    onData: (listener) => listeners.add(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        listeners.clear();
        if (!port.isOpen) return resolve();
        port.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
