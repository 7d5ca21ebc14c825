import type { FastifyBaseLogger } from 'fastify';
import type { LoggerOptions } from 'pino';

/** The logger every module takes: pino's, as Fastify hands it out (child loggers included). */
export type Logger = FastifyBaseLogger;

/** pino options: JSON lines, pretty-printed only when a person is watching a terminal. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
      censor: '[redacted]',
    },
    ...(process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  };
}
