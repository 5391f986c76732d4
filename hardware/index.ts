// Public API of the hardware layer: meter drivers, the lines they talk over, the DL/T 645
// codec and the meter simulator used by the demo mode and the tests.
export * from './driver';
export { type DriverFactory, type DriverOptionsByProtocol, createDriver, registerDriver } from './registry';
export { type Dlt645DriverOptions, createDlt645Driver } from './dlt645/driver';
export * from './dlt645';
export * from './transport';
export * from './simulator';
export { parseHex, toSpacedHex } from './hex';
