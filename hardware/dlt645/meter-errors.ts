/** Bits of the error byte a meter sends in an abnormal reply (0xD1, 0xDC with L=1). */
export const METER_ERROR_BITS = [
  'other',
  'no-data',
  /** Wrong password or not authorised; many meters also use it for an expired deadline. */
  'unauthorized',
  'baud-rate-unchangeable',
  'too-many-year-zones',
  'too-many-day-slots',
  'too-many-tariffs',
] as const;

export type MeterErrorFlag = (typeof METER_ERROR_BITS)[number];

export const MeterErrorByte = {
  Other: 1 << 0,
  NoData: 1 << 1,
  Unauthorized: 1 << 2,
} as const;

export function meterErrorFlags(errorByte: number): MeterErrorFlag[] {
  return METER_ERROR_BITS.filter((_, bit) => (errorByte & (1 << bit)) !== 0);
}
