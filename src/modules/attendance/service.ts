import { and, eq, isNull } from 'drizzle-orm';
import type { AttendanceConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { attendance, type Delegate, type TestFigures, testRuns } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import type { PointPrincipal } from '../auth/principal.js';
import type { SessionStatus } from '../sessions/lifecycle.js';
import type { SessionRow } from '../sessions/read.js';

const minutes = (n: number) => n * 60_000;

/** Check-in is open from the moment the session opens check-in until it ends. */
const CHECKIN_OPEN: ReadonlySet<SessionStatus> = new Set(['checkin', 'live']);
/** Absence and test runs can be reported ahead of time too. */
const BEFORE_END: ReadonlySet<SessionStatus> = new Set(['scheduled', 'checkin', 'live']);

function requireStatus(session: SessionRow, allowed: ReadonlySet<SessionStatus>, what: string) {
  if (!allowed.has(session.status)) {
    throw new HttpProblem(
      409,
      ErrorCode.CHECKIN_CLOSED,
      `${what} is not possible while the session is ${session.status}.`,
    );
  }
}

const pointActor = (p: PointPrincipal): Actor => ({
  kind: 'point',
  id: p.pointId,
  name: p.pointCode,
});

/**
 * Check-in with the delegates present. Idempotent: a repeat updates the
 * delegate list; the first check-in's time (and whether it was late, and
 * whether the list came by the deadline) never changes. Clears a reported absence.
 */
export async function checkIn(
  db: Db,
  rules: AttendanceConfig,
  session: SessionRow,
  point: PointPrincipal,
  delegates: Delegate[],
  now = new Date(),
): Promise<void> {
  requireStatus(session, CHECKIN_OPEN, 'Check-in');
  const start = session.startsAt.getTime();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, session.id), eq(attendance.pointId, point.pointId)))
      .for('update');
    const first = !before?.checkedInAt;
    const values = {
      checkedInAt: before?.checkedInAt ?? now,
      lastCheckInAt: now,
      late: first ? now.getTime() > start + minutes(rules.graceMinutes) : before.late,
      delegates,
      rosterSubmittedAt: before?.rosterSubmittedAt ?? now,
      rosterOnTime:
        before?.rosterOnTime ?? now.getTime() <= start - minutes(rules.rosterDeadlineMinutes),
      onDutyAt: before?.onDutyAt ?? now,
      onDutyOnTime:
        before?.onDutyOnTime ?? now.getTime() <= start - minutes(rules.operatorDutyMinutes),
      absentReason: null,
      absentReportedAt: null,
      updatedAt: now,
    };
    await tx
      .insert(attendance)
      .values({ sessionId: session.id, pointId: point.pointId, ...values })
      .onConflictDoUpdate({ target: [attendance.sessionId, attendance.pointId], set: values });
    await recordAudit(tx, pointActor(point), {
      action: first ? 'attendance.check-in' : 'attendance.update-delegates',
      entityType: 'attendance',
      entityId: point.pointCode,
      sessionId: session.id,
      before: before ? { delegates: before.delegates, absentReason: before.absentReason } : null,
      after: {
        delegates,
        absentReason: null,
        ...(first ? { checkedInAt: now, late: values.late } : {}),
      },
    });
  });
}

/** Reports that the point will not attend, with the reason (an excused absence). */
export async function reportAbsence(
  db: Db,
  session: SessionRow,
  point: PointPrincipal,
  reason: string,
  now = new Date(),
): Promise<void> {
  requireStatus(session, BEFORE_END, 'Reporting an absence');
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, session.id), eq(attendance.pointId, point.pointId)))
      .for('update');
    if (before?.checkedInAt) {
      throw new HttpProblem(409, ErrorCode.ALREADY_CHECKED_IN, 'The point has already checked in.');
    }
    await tx
      .insert(attendance)
      .values({
        sessionId: session.id,
        pointId: point.pointId,
        absentReason: reason,
        absentReportedAt: now,
      })
      .onConflictDoUpdate({
        target: [attendance.sessionId, attendance.pointId],
        set: { absentReason: reason, absentReportedAt: now, updatedAt: now },
      });
    await recordAudit(tx, pointActor(point), {
      action: 'attendance.absent',
      entityType: 'attendance',
      entityId: point.pointCode,
      sessionId: session.id,
      before: { absentReason: before?.absentReason ?? null },
      after: { absentReason: reason },
    });
  });
}

export interface TestRunInput {
  passed: boolean;
  figures?: TestFigures | undefined;
  note?: string | undefined;
  source: 'client' | 'server';
}

/** Stores one technical test run; every run is kept, the board shows the latest. */
export async function recordTestRun(
  db: Db,
  session: SessionRow,
  pointId: string,
  input: TestRunInput,
  now = new Date(),
): Promise<void> {
  requireStatus(session, BEFORE_END, 'A test run');
  await db.insert(testRuns).values({
    sessionId: session.id,
    pointId,
    at: now,
    passed: input.passed,
    source: input.source,
    figures: input.figures ?? {},
    note: input.note ?? null,
  });
}

/** The operator's first connection to the session: on duty, on time or not (T−60 min). */
export async function markOnDuty(
  db: Db,
  rules: AttendanceConfig,
  session: SessionRow,
  pointId: string,
  now = new Date(),
): Promise<void> {
  const onTime = now.getTime() <= session.startsAt.getTime() - minutes(rules.operatorDutyMinutes);
  await db
    .insert(attendance)
    .values({ sessionId: session.id, pointId, onDutyAt: now, onDutyOnTime: onTime })
    .onConflictDoUpdate({
      target: [attendance.sessionId, attendance.pointId],
      set: { onDutyAt: now, onDutyOnTime: onTime, updatedAt: now },
      setWhere: isNull(attendance.onDutyAt),
    });
}
