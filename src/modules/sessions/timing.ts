import type { SpeechDefaults } from '../../config.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { MAX_DURATION_MS } from './lifecycle.js';

export interface SchedulingRules {
  minNoticeHours: number;
  /** Check-in opens at most this long before the start. */
  checkinWindowMinutes: number;
  /** Defaults of the speaker register for new sessions. */
  speech: SpeechDefaults;
}

export const unprocessable = (
  code: ErrorCode,
  detail: string,
  errors?: Array<{ path: string; message: string }>,
) => new HttpProblem(422, code, detail, errors ? { errors } : {});

export function checkTimes(startsAt: Date, endsAt: Date, now: Date): void {
  const errors: Array<{ path: string; message: string }> = [];
  if (endsAt <= startsAt) errors.push({ path: 'body/endsAt', message: 'must be after startsAt' });
  if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS) {
    errors.push({ path: 'body/endsAt', message: 'a session lasts at most 24 hours' });
  }
  if (startsAt <= now) errors.push({ path: 'body/startsAt', message: 'must be in the future' });
  if (errors.length > 0) {
    throw new HttpProblem(400, ErrorCode.VALIDATION_FAILED, 'The session times are not valid.', {
      errors,
    });
  }
}

/** Invitations go out a lead time ahead unless the session is urgent. */
export function checkNotice(
  startsAt: Date,
  urgent: boolean,
  rules: SchedulingRules,
  now: Date,
): void {
  if (urgent) return;
  const earliest = new Date(now.getTime() + rules.minNoticeHours * 3_600_000);
  if (startsAt < earliest) {
    throw unprocessable(
      ErrorCode.NOTICE_TOO_SHORT,
      `Sessions need ${rules.minNoticeHours} h notice (start at ${earliest.toISOString()} or later), unless marked urgent.`,
    );
  }
}

/** Check-in opens only within the window before the start (the operators' day, not weeks ahead). */
export function checkCheckinWindow(startsAt: Date, rules: SchedulingRules, now: Date): void {
  const opensAt = new Date(startsAt.getTime() - rules.checkinWindowMinutes * 60_000);
  if (now < opensAt) {
    throw new HttpProblem(
      409,
      ErrorCode.CHECKIN_TOO_EARLY,
      `Check-in opens ${rules.checkinWindowMinutes} min before the start, at ${opensAt.toISOString()}.`,
      { opensAt: opensAt.toISOString() },
    );
  }
}
