import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, destination, type LoggerOptions } from 'pino';

/** The logger every module takes: pino's, as Fastify hands it out (child loggers included). */
export type Logger = FastifyBaseLogger;

/**
 * pino options: JSON lines, pretty-printed only when a person is watching a
 * terminal. Off a terminal lines are written asynchronously (pino flushes
 * them on exit): one write per log line would cost a system call each while
 * thousands of points check in.
 */
export function loggerOptions(level: string): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
      censor: '[redacted]',
    },
    ...(process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } }
      : { stream: destination({ dest: 1, sync: false }) }),
  };
}
