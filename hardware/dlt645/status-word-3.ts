/** Running status word 3 (DI 04000503), the "operation" status of a meter. */
export type MeterType = 'not-prepaid' | 'energy-prepaid' | 'money-prepaid' | 'reserved';

export interface StatusWord3 {
  raw: number;
  /** Bit 4, the relay as it actually is: true = open, customer has no power. */
  relayOpen: boolean;
  /** Bit 6, the last relay command: true = trip commanded, false = closing allowed. */
  relayCommandTripped: boolean;
  /** Bit 7. */
  preTripAlarm: boolean;
  /** Bits 8-9. */
  meterType: MeterType;
  /** Bit 12: the meter refuses to trip while keep-power is on. */
  keepPower: boolean;
}

export const RELAY_OPEN_BIT = 1 << 4;
export const RELAY_COMMAND_TRIPPED_BIT = 1 << 6;
export const PRE_TRIP_ALARM_BIT = 1 << 7;
export const KEEP_POWER_BIT = 1 << 12;
const METER_TYPE_SHIFT = 8;
const METER_TYPES: readonly MeterType[] = ['not-prepaid', 'energy-prepaid', 'money-prepaid', 'reserved'];

export function decodeStatusWord3(raw: number): StatusWord3 {
  return {
    raw,
    relayOpen: (raw & RELAY_OPEN_BIT) !== 0,
    relayCommandTripped: (raw & RELAY_COMMAND_TRIPPED_BIT) !== 0,
    preTripAlarm: (raw & PRE_TRIP_ALARM_BIT) !== 0,
    meterType: METER_TYPES[(raw >> METER_TYPE_SHIFT) & 0b11] ?? 'reserved',
    keepPower: (raw & KEEP_POWER_BIT) !== 0,
  };
}

export function encodeStatusWord3(status: Omit<StatusWord3, 'raw'>): number {
  return (
    (status.relayOpen ? RELAY_OPEN_BIT : 0) |
    (status.relayCommandTripped ? RELAY_COMMAND_TRIPPED_BIT : 0) |
    (status.preTripAlarm ? PRE_TRIP_ALARM_BIT : 0) |
    (METER_TYPES.indexOf(status.meterType) << METER_TYPE_SHIFT) |
    (status.keepPower ? KEEP_POWER_BIT : 0)
  );
}
