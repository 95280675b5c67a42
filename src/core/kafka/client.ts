import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type logCreator, type SASLOptions } from 'kafkajs';
import { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, parseBrokers } from './brokers';

/** How to reach one Kafka cluster. Secrets (SASL passwords) come from the caller, never from settings. */
export interface KafkaClientOptions {
  /** Bootstrap servers, as an array or a comma-separated string ("host:9092,host2:9092"). */
  brokers: string[] | string;
  clientId?: string;
  /** How long to wait for a TCP (and TLS) connection to a broker. */
  connectionTimeoutMs?: number;
  /** How long to wait for the answer to one request. */
  requestTimeoutMs?: number;
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
  /** Retries per request after the first attempt; small so an unreachable broker fails fast. */
  retries?: number;
  /** Receives kafkajs's own log lines (warnings and errors only); silent when omitted. */
  logger?: (level: 'error' | 'warn', message: string) => void;
}

// Defined without kafkajs so the extension can check a bootstrap list before it loads kafkajs (docs/lazy-loading.md).
export { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, parseBrokers } from './brokers';

/**
 * The one place that builds a kafkajs client. kafkajs's own logging is off (or routed to `logger`),
 * and its retries are few and short so that an unreachable cluster fails within seconds instead of
 * kafkajs's default of minutes.
 */
export function createKafka(opts: KafkaClientOptions): Kafka {
  const brokers = parseBrokers(opts.brokers);
  const logger = opts.logger;
  const creator: logCreator = () => ({ level, log }) => {
    if (!logger) return;
    if (level === logLevel.ERROR || level === logLevel.WARN) {
      const extra = log.error ? `: ${String(log.error)}` : '';
      logger(level === logLevel.ERROR ? 'error' : 'warn', `${log.message}${extra}`);
    }
  };
  return new Kafka({
    clientId: opts.clientId ?? 'flowscope',
    brokers,
    connectionTimeout: opts.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    enforceRequestTimeout: true,
    ssl: opts.ssl,
    sasl: opts.sasl,
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: creator,
    retry: { retries: opts.retries ?? 2, initialRetryTime: 100, maxRetryTime: 1000, factor: 0.2, multiplier: 2 },
  });
}
