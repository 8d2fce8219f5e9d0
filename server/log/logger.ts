import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event. Join tokens travel in URLs and socket handshakes, so every path that
 * could carry one is redacted here once rather than trusted to each call site.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'hoinghi' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['token', '*.token', '*.*.token', 'req.headers.authorization', 'auth', '*.auth'],
        censor: '[redacted]',
      },
    },
    destination as never,
  );
}
