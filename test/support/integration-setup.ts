import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// Integration tests start real servers (Temporal, PostgreSQL databases, socat): give them time.
jest.setTimeout(120_000);

// Workers log every state change at INFO; a test run wants warnings and errors only.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
} catch {
  // Already installed by an earlier test file in this jest worker.
}
