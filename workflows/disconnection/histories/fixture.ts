import { temporal } from '@temporalio/proto';

const History = temporal.api.history.v1.History;

/**
 * Histories as plain JSON (longs and enums as strings, bytes as base64) through the SDK's
 * own protobuf classes: the SDK's historyToJSON/historyFromJSON break when two protobufjs
 * versions are installed, as they are here.
 */
export function historyToFixture(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }), null, 1) + '\n';
}

export function historyFromFixture(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}
