import type { MeterProtocol } from '../hardware/driver';

/** The serial lines one site owns, from the site's configuration file. */
export interface SiteConfig {
  site: string;
  lines: SiteLineConfig[];
}

export interface SiteLineConfig {
  /** The name meters refer to in the database (meters.line). */
  name: string;
  /** The serial device, e.g. /dev/ttyUSB0. */
  path: string;
  baudRate: number;
  protocol: MeterProtocol;
}

const BAUD_RATES = [1200, 2400, 4800, 9600];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class SiteConfigError extends Error {
  constructor(message: string) {
    super(`site configuration: ${message}`);
    this.name = 'SiteConfigError';
  }
}

/** Validates a site file such as `{"site":"north","lines":[{"name":"line-1","path":"/dev/ttyUSB0"}]}`. */
export function parseSiteConfig(raw: unknown): SiteConfig {
  const input = raw as { site?: unknown; lines?: unknown };
  if (typeof input !== 'object' || input === null) throw new SiteConfigError('expected a JSON object with "site" and "lines"');
  if (typeof input.site !== 'string' || !NAME.test(input.site)) throw new SiteConfigError('"site" must be a short name of letters, digits, _ . -');
  if (!Array.isArray(input.lines) || input.lines.length === 0) throw new SiteConfigError('"lines" must list at least one serial line');
  const names = new Set<string>();
  const paths = new Set<string>();
  const lines = input.lines.map((line: Record<string, unknown>, i: number): SiteLineConfig => {
    const where = `lines[${i}]`;
    if (typeof line?.name !== 'string' || !NAME.test(line.name)) throw new SiteConfigError(`${where}.name must be a short name`);
    if (typeof line.path !== 'string' || line.path === '') throw new SiteConfigError(`${where}.path must be a serial device path`);
    const baudRate = line.baudRate ?? 2400;
    if (typeof baudRate !== 'number' || !BAUD_RATES.includes(baudRate)) throw new SiteConfigError(`${where}.baudRate must be one of ${BAUD_RATES.join(', ')}`);
    const protocol = line.protocol ?? 'dlt645-2007';
    if (protocol !== 'dlt645-2007') throw new SiteConfigError(`${where}.protocol "${String(protocol)}" has no driver`);
    if (names.has(line.name)) throw new SiteConfigError(`line name "${line.name}" appears twice`);
    // Two owners of one port would interleave frames on a half-duplex bus.
    if (paths.has(line.path)) throw new SiteConfigError(`port ${line.path} is listed twice`);
    names.add(line.name);
    paths.add(line.path);
    return { name: line.name, path: line.path, baudRate, protocol };
  });
  return { site: input.site, lines };
}
