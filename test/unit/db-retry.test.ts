import { beforeEach, describe, expect, it, vi } from 'vitest';
import { untilDone } from '../../src/db/retry.js';
import type { Logger } from '../../src/logger.js';

/**
 * The waits between attempts are recorded, not slept: `untilDone` sleeps
 * through node:timers/promises, which fake timers do not reach.
 */
const waits = vi.hoisted(() => [] as Array<{ ms: number; ref: boolean | undefined }>);
vi.mock('node:timers/promises', () => ({
  setTimeout: async (ms: number, _value?: unknown, options?: { ref?: boolean }) => {
    waits.push({ ms, ref: options?.ref });
  },
}));

const log = {
  info: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
};
const logger = log as unknown as Logger;

/** An error as node-postgres reports a terminated backend. */
const terminated = () =>
  Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
const bug = () => new TypeError("Cannot read properties of undefined (reading 'id')");

/** A task failing with `errors` in turn, then resolving `result`. */
function failing<T>(errors: Error[], result: T) {
  let calls = 0;
  const task = vi.fn(async () => {
    const err = errors[calls++];
    if (err) throw err;
    return result;
  });
  return task;
}

beforeEach(() => {
  waits.length = 0;
  vi.clearAllMocks();
});

describe('untilDone', () => {
  it('returns at once what a task that works returns', async () => {
    const task = failing([], 'closed');
    await expect(untilDone(task, { log: logger, what: 'closing roll call' })).resolves.toBe(
      'closed',
    );
    expect(task).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
    expect(log.info).not.toHaveBeenCalled();
  });

  it('waits out database faults, backing off from 200 ms to 5 s, until the task succeeds', async () => {
    const task = failing(Array.from({ length: 8 }, terminated), 'ended');
    const result = await untilDone(task, {
      log: logger,
      what: 'ending speech',
      context: { sessionId: 's1' },
      maxHardFailures: 1,
    });
    expect(result).toBe('ended');
    expect(task).toHaveBeenCalledTimes(9);
    expect(waits.map((w) => w.ms)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    // A wait keeps no server alive.
    expect(waits.every((w) => w.ref === false)).toBe(true);
    expect(log.warn).toHaveBeenCalledTimes(8);
    expect(log.warn).toHaveBeenLastCalledWith(
      expect.objectContaining({ sessionId: 's1', attempt: 8, retryInMs: 5000 }),
      'ending speech: failed; retrying',
    );
    expect(log.info).toHaveBeenCalledWith(
      expect.objectContaining({ sessionId: 's1', attempt: 9 }),
      'ending speech: done after retrying',
    );
    expect(log.error).not.toHaveBeenCalled();
  });

  it('follows the configured delays', async () => {
    const task = failing([terminated(), terminated(), terminated()], 1);
    await untilDone(task, { log: logger, what: 'x', firstDelayMs: 1, maxDelayMs: 3 });
    expect(waits.map((w) => w.ms)).toEqual([1, 2, 3]);
  });

  it('gives up on any other error after maxHardFailures retries, and says so', async () => {
    const task = failing(Array.from({ length: 10 }, bug), 'never');
    const result = await untilDone(task, {
      log: logger,
      what: 'closing interval',
      maxHardFailures: 2,
    });
    expect(result).toBeUndefined();
    expect(task).toHaveBeenCalledTimes(3);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ attempt: 3, err: expect.any(TypeError) }),
      'closing interval: failed; giving up',
    );
  });

  it('retries a bug three times by default', async () => {
    const task = failing(Array.from({ length: 10 }, bug), 'never');
    await expect(untilDone(task, { log: logger, what: 'x' })).resolves.toBeUndefined();
    expect(task).toHaveBeenCalledTimes(4);
  });

  it('a bug that heals in time succeeds; database faults in between do not count against it', async () => {
    const task = failing([bug(), terminated(), terminated(), bug(), terminated()], 'ok');
    await expect(untilDone(task, { log: logger, what: 'x', maxHardFailures: 2 })).resolves.toBe(
      'ok',
    );
    expect(task).toHaveBeenCalledTimes(6);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('stops quietly once stopped(): before the first attempt, or between attempts', async () => {
    const never = failing([], 'x');
    await expect(
      untilDone(never, { log: logger, what: 'x', stopped: () => true }),
    ).resolves.toBeUndefined();
    expect(never).not.toHaveBeenCalled();

    let stopped = false;
    const task = vi.fn(async () => {
      if (task.mock.calls.length === 2) stopped = true;
      throw terminated();
    });
    await expect(
      untilDone(task, { log: logger, what: 'x', stopped: () => stopped }),
    ).resolves.toBeUndefined();
    expect(task).toHaveBeenCalledTimes(2);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('passes a refusal straight to the caller, even one shaped like a database fault', async () => {
    class Refusal extends Error {}
    const refusal = new Refusal('floor busy');
    const task = failing([refusal], 'never');
    await expect(
      untilDone(task, { log: logger, what: 'x', rethrow: (e) => e instanceof Refusal }),
    ).rejects.toBe(refusal);
    expect(task).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);

    const fault = terminated();
    await expect(
      untilDone(failing([fault], 'never'), { log: logger, what: 'x', rethrow: (e) => e === fault }),
    ).rejects.toBe(fault);
  });

  it('retries what rethrow does not claim', async () => {
    class Refusal extends Error {}
    const task = failing([terminated(), bug()], 'done');
    await expect(
      untilDone(task, { log: logger, what: 'x', rethrow: (e) => e instanceof Refusal }),
    ).resolves.toBe('done');
    expect(task).toHaveBeenCalledTimes(3);
  });
});
