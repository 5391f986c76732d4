import { type Dlt645DriverOptions, createDlt645Driver } from './dlt645/driver';
import type { MeterDriver, MeterProtocol } from './driver';
import type { MeterLine } from './transport/meter-line';

/** Each protocol's driver options; a new protocol adds its entry here and to MeterProtocol. */
export interface DriverOptionsByProtocol {
  'dlt645-2007': Dlt645DriverOptions;
}

export type DriverFactory<P extends MeterProtocol> = (line: MeterLine, options?: DriverOptionsByProtocol[P]) => MeterDriver;

const factories: { [P in MeterProtocol]: DriverFactory<P> } = {
  'dlt645-2007': createDlt645Driver,
};

/** Replaces a protocol's driver, e.g. with a vendor dialect, without touching the callers. */
export function registerDriver<P extends MeterProtocol>(protocol: P, factory: DriverFactory<P>): void {
  factories[protocol] = factory as (typeof factories)[P];
}

export function createDriver<P extends MeterProtocol>(protocol: P, line: MeterLine, options?: DriverOptionsByProtocol[P]): MeterDriver {
  const factory: DriverFactory<P> | undefined = factories[protocol];
  if (!factory) throw new Error(`no meter driver for protocol "${protocol}"`);
  return factory(line, options);
}
