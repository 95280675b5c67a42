// Bootstrap servers and default timeouts of a Kafka connection, without kafkajs: the extension uses them at
// activation (wizard, settings) and loads kafkajs only when it connects (docs/lazy-loading.md).

export const DEFAULT_CONNECTION_TIMEOUT_MS = 5000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15000;

/** Splits "a:1, b:2" into ["a:1", "b:2"]; rejects an empty list with a clear message. */
export function parseBrokers(brokers: string[] | string): string[] {
  const list = (Array.isArray(brokers) ? brokers : brokers.split(','))
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (list.length === 0) throw new Error('no Kafka bootstrap servers given (expected host:port, for example localhost:9092)');
  for (const b of list) {
    if (!/^[^\s:]+:\d{1,5}$/.test(b) && !/^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(b)) {
      throw new Error(`invalid Kafka bootstrap server '${b}' (expected host:port, for example localhost:9092)`);
    }
  }
  return list;
}
