export { BROADCAST_ADDRESS, WILDCARD_ADDRESS, decodeAddress, encodeAddress, isValidAddress } from './address';
export { DataIdentifier, type DataValue, decodeDataIdentifier, decodeDataValue, describeDataIdentifier, encodeDataIdentifier } from './data-identifiers';
export { type MeterClock, type MeterDate, type Phases } from './data-values';
export { type CommandContext, type CommandEncryptor, PlainTextEncryptor } from './encryptor';
export { Dlt645Error, type Dlt645ErrorCode } from './errors';
export { type EncodeOptions, type Frame, type FrameFields, MAX_DATA_LENGTH, checksum, decodeFrame, encodeFrame } from './frame';
export { type ControlField, FunctionCode, parseControl } from './function-codes';
export { type ReplyMeaning, type RequestMeaning, interpretFrame, interpretReply, interpretRequest } from './interpret';
export { METER_ERROR_BITS, MeterErrorByte, type MeterErrorFlag, meterErrorFlags } from './meter-errors';
export {
  type MeterLocalTime,
  decodeMeterTime,
  encodeMeterTime,
  formatMeterLocalTime,
  meterLocalTimeToDate,
  parseMeterLocalTime,
  toMeterLocalTime,
} from './meter-time';
export {
  type ParsedRemoteControl,
  REMOTE_CONTROL_COMMANDS,
  type RemoteControlCommand,
  type RemoteControlParams,
  parseRemoteControlPlaintext,
  remoteControlPlaintext,
} from './remote-control';
export { type RemoteControlOptions, broadcastTime, readAddress, readData, remoteControl } from './requests';
export { FrameScanner, type ScanEvent } from './scanner';
export { type MeterType, type StatusWord3, decodeStatusWord3, encodeStatusWord3 } from './status-word-3';
