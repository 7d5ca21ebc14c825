import { describe, expect, it } from 'vitest';
import { ErrorCode, HttpProblem } from '../../src/http/problem.js';
import {
  checkCheckinWindow,
  checkNotice,
  checkTimes,
  type SchedulingRules,
} from '../../src/modules/sessions/timing.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const now = new Date('2026-05-04T08:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const rules: SchedulingRules = {
  minNoticeHours: 24,
  checkinWindowMinutes: 60,
  speech: { seconds: 300, warningSeconds: 30, overrun: 'end' },
};

/** The HttpProblem `fn` throws (fails the test if it throws nothing or something else). */
function problemOf(fn: () => void): HttpProblem {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpProblem);
    return err as HttpProblem;
  }
  throw new Error('expected an HttpProblem, nothing was thrown');
}

describe('checkTimes', () => {
  it('accepts a future session up to 24 hours long', () => {
    expect(() => checkTimes(at(1), at(1 + HOUR), now)).not.toThrow();
    expect(() => checkTimes(at(HOUR), at(HOUR + 24 * HOUR), now)).not.toThrow();
  });

  it('refuses an end at or before the start (400 VALIDATION_FAILED on body/endsAt)', () => {
    for (const end of [at(HOUR), at(HOUR - 1), at(-HOUR)]) {
      const p = problemOf(() => checkTimes(at(HOUR), end, now));
      expect(p.status).toBe(400);
      expect(p.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(p.extra.errors).toContainEqual({
        path: 'body/endsAt',
        message: 'must be after startsAt',
      });
    }
  });

  it('refuses a session a millisecond over 24 hours', () => {
    const p = problemOf(() => checkTimes(at(HOUR), at(HOUR + 24 * HOUR + 1), now));
    expect(p.status).toBe(400);
    expect(p.extra.errors).toEqual([
      { path: 'body/endsAt', message: 'a session lasts at most 24 hours' },
    ]);
  });

  it('refuses a start now or in the past (body/startsAt)', () => {
    for (const start of [now, at(-1), at(-HOUR)]) {
      const p = problemOf(() => checkTimes(start, at(2 * HOUR), now));
      expect(p.status).toBe(400);
      expect(p.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(p.extra.errors).toEqual([{ path: 'body/startsAt', message: 'must be in the future' }]);
    }
  });

  it('reports every problem at once', () => {
    const p = problemOf(() => checkTimes(at(-HOUR), at(-2 * HOUR), now));
    expect(p.extra.errors).toEqual([
      { path: 'body/endsAt', message: 'must be after startsAt' },
      { path: 'body/startsAt', message: 'must be in the future' },
    ]);
  });
});

describe('checkNotice', () => {
  it('accepts a start exactly the notice ahead, or later', () => {
    expect(() => checkNotice(at(24 * HOUR), false, rules, now)).not.toThrow();
    expect(() => checkNotice(at(30 * 24 * HOUR), false, rules, now)).not.toThrow();
  });

  it('refuses a start a millisecond short of the notice (422 NOTICE_TOO_SHORT, naming the earliest start)', () => {
    const p = problemOf(() => checkNotice(at(24 * HOUR - 1), false, rules, now));
    expect(p.status).toBe(422);
    expect(p.code).toBe(ErrorCode.NOTICE_TOO_SHORT);
    expect(p.message).toContain('24 h');
    expect(p.message).toContain(at(24 * HOUR).toISOString());
  });

  it('lets an urgent session through at any notice', () => {
    expect(() => checkNotice(at(1), true, rules, now)).not.toThrow();
    expect(() => checkNotice(at(HOUR), true, rules, now)).not.toThrow();
  });

  it('follows the configured notice', () => {
    const short = { ...rules, minNoticeHours: 2 };
    expect(() => checkNotice(at(2 * HOUR), false, short, now)).not.toThrow();
    expect(problemOf(() => checkNotice(at(2 * HOUR - 1), false, short, now)).code).toBe(
      ErrorCode.NOTICE_TOO_SHORT,
    );
    const none = { ...rules, minNoticeHours: 0 };
    expect(() => checkNotice(now, false, none, now)).not.toThrow();
  });
});

describe('checkCheckinWindow', () => {
  const startsAt = at(3 * HOUR);
  const opensAt = new Date(startsAt.getTime() - 60 * MINUTE);

  it('opens exactly the window before the start, and stays open after it', () => {
    expect(() => checkCheckinWindow(startsAt, rules, opensAt)).not.toThrow();
    expect(() => checkCheckinWindow(startsAt, rules, startsAt)).not.toThrow();
    expect(() =>
      checkCheckinWindow(startsAt, rules, new Date(startsAt.getTime() + HOUR)),
    ).not.toThrow();
  });

  it('refuses a millisecond early (409 CHECKIN_TOO_EARLY, with the opening time)', () => {
    const p = problemOf(() => checkCheckinWindow(startsAt, rules, new Date(opensAt.getTime() - 1)));
    expect(p.status).toBe(409);
    expect(p.code).toBe(ErrorCode.CHECKIN_TOO_EARLY);
    expect(p.extra).toEqual({ opensAt: opensAt.toISOString() });
    expect(p.message).toContain('60 min');
  });

  it('follows the configured window', () => {
    const wide = { ...rules, checkinWindowMinutes: 180 };
    expect(() => checkCheckinWindow(startsAt, wide, now)).not.toThrow();
    expect(problemOf(() => checkCheckinWindow(startsAt, wide, at(-1))).extra.opensAt).toBe(
      now.toISOString(),
    );
  });
});
