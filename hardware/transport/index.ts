export { type ByteChannel } from './byte-channel';
export { LineError, type LineErrorCode } from './errors';
export { type InMemoryChannelOptions, createInMemoryChannelPair } from './in-memory-channel';
export { characterTimeMs, withLineTiming } from './line-timing';
export { DEFAULT_LINE_TIMEOUTS, type LineReply, type LineTimeouts, MeterLine, type RequestOptions } from './meter-line';
export { type SerialChannelOptions, openSerialChannel } from './serial-channel';
