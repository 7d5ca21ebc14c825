import pino from 'pino';
import type { Logger } from '../../src/logger.js';

/** A real pino logger for code under test; quiet unless TEST_LOG_LEVEL says otherwise. */
export function silentLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}
