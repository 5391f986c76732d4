import type { DisconnectionApplication } from '../types';

/**
 * One idempotency key per application as filled in: sending the same form again (a double
 * click, a retry after a lost answer) reuses it, so the server answers with the first case;
 * a changed form is another application and gets a new key.
 */
export function applicationKeys(newKey: () => string = randomKey): (application: DisconnectionApplication) => string {
  let last: { sent: string; key: string } | null = null;
  return (application) => {
    const sent = JSON.stringify(application);
    if (last?.sent !== sent) last = { sent, key: newKey() };
    return last.key;
  };
}

/** 128 random bits in hex; getRandomValues works where randomUUID does not (plain http on a LAN address). */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
