import pino, { type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Bound to every line, e.g. `{ component: 'manager' }`. */
  bindings?: Record<string, unknown>;
}

/**
 * The process logger: one JSON object per line on stdout, ISO timestamps, `level` as a name so
 * log pipelines need no pino-specific mapping, errors serialised under `err`. Values under
 * `authorization`, `token`, `password` and `secret` keys are redacted wherever they appear one level deep.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: options.level ?? (process.env['LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'info',
    base: { ...options.bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
    redact: { paths: ['authorization', 'token', 'password', 'secret', '*.authorization', '*.token', '*.password', '*.secret'], censor: '[redacted]' },
  });
}
