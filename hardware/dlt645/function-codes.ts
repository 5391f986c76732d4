/** Bits 4-0 of the control byte: what the frame asks for (or answers). */
export const FunctionCode = {
  BroadcastTime: 0x08,
  ReadData: 0x11,
  ReadAddress: 0x13,
  RemoteControl: 0x1c,
} as const;

/** Control byte bits of a reply. */
export const REPLY_BIT = 0x80;
export const ABNORMAL_BIT = 0x40;
export const MORE_FOLLOWS_BIT = 0x20;
export const FUNCTION_MASK = 0x1f;

export interface ControlField {
  raw: number;
  /** Bit 7: set on every meter reply. */
  fromMeter: boolean;
  /** Bit 6: the meter refused or failed; data holds an error byte or word. */
  abnormal: boolean;
  /** Bit 5: the meter has further frames for this read. */
  moreFollows: boolean;
  func: number;
}

export function parseControl(raw: number): ControlField {
  return {
    raw,
    fromMeter: (raw & REPLY_BIT) !== 0,
    abnormal: (raw & ABNORMAL_BIT) !== 0,
    moreFollows: (raw & MORE_FOLLOWS_BIT) !== 0,
    func: raw & FUNCTION_MASK,
  };
}
