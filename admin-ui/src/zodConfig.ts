import { z } from 'zod/v4';

/**
 * zod compiles object parsers with `new Function` unless told not to, and probes for it while
 * schemas are built; the back office's Content-Security-Policy forbids eval, and the probe
 * alone is reported as a violation. Imported first by main.tsx, before any schema is built.
 */
z.config({ jitless: true });
