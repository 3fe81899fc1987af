import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Bound to every line, e.g. `{ component: 'manager' }`. */
  bindings?: Record<string, unknown>;
  /** Where lines go; stdout when omitted. */
  destination?: DestinationStream;
}

/**
 * Keys whose values are credentials: the generic ones plus every Secret key of ours
 * (src/api/credentials.ts) and a Secret's own `stringData`. A credential logged by mistake, as a
 * field or inside an object one level down, prints as `[redacted]`.
 */
const secretKeys = ['authorization', 'token', 'password', 'secret', 'tokenSecret', 'privateKey', 'passphrase', 'stringData'];

/**
 * The process logger: one JSON object per line, ISO timestamps, `level` as a name so log
 * pipelines need no pino-specific mapping, errors serialised under `err`, credentials redacted.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: options.level ?? (process.env['LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'info',
    base: { ...options.bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
    redact: { paths: [...secretKeys, ...secretKeys.map((key) => `*.${key}`)], censor: '[redacted]' },
  }, options.destination);
}
