import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { isTransientDbError } from './errors.js';

export interface UntilDoneOptions {
  log: Logger;
  /** What is being done, for the log ('closing roll call'). */
  what: string;
  /** Fields for the log lines (sessionId, …). */
  context?: Record<string, unknown>;
  /** Checked before every attempt: a stopped server gives up quietly. */
  stopped?: () => boolean;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts after an error that is not a database fault (a bug does not heal by waiting). */
  maxHardFailures?: number;
  /** Errors that are an answer, not a fault (a refusal): passed to the caller at once. */
  rethrow?: (error: unknown) => boolean;
}

/**
 * Runs `task` until it succeeds. For what must happen whatever the database
 * is doing at that moment: a deadline that passed (a speech at its limit, a
 * roll call at its end), a connection interval that closed, a broadcast that
 * must follow what is stored. A terminated connection, a cancelled statement
 * or a restarting PostgreSQL is waited out (backing off to `maxDelayMs`); any
 * other error is tried again `maxHardFailures` times, then given up and
 * logged as the bug it is. The task must be idempotent. Resolves with the
 * task's result, or undefined when stopped or given up.
 */
export async function untilDone<T>(
  task: () => Promise<T>,
  options: UntilDoneOptions,
): Promise<T | undefined> {
  const { log, what, context = {}, stopped = () => false } = options;
  let delay = options.firstDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let hardFailures = 0;
  for (let attempt = 1; ; attempt++) {
    if (stopped()) return undefined;
    try {
      const result = await task();
      if (attempt > 1) log.info({ ...context, attempt }, `${what}: done after retrying`);
      return result;
    } catch (err) {
      if (options.rethrow?.(err)) throw err;
      const transient = isTransientDbError(err);
      if (!transient && ++hardFailures > (options.maxHardFailures ?? 3)) {
        log.error({ ...context, err, attempt }, `${what}: failed; giving up`);
        return undefined;
      }
      log.warn(
        { ...context, err: transient ? (err as Error).message : err, attempt, retryInMs: delay },
        `${what}: failed; retrying`,
      );
    }
    await sleep(delay, undefined, { ref: false });
    delay = Math.min(maxDelay, delay * 2);
  }
}
