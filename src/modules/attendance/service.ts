import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { AttendanceConfig } from '../../config.js';
import type { Delegate, SessionStatus, TestFigures } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import { attendance, auditLog, testRuns } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import type { PointPrincipal } from '../auth/principal.js';
import { phase } from '../sessions/lifecycle.js';
import type { SessionRow } from '../sessions/read.js';

const minutes = (n: number) => n * 60_000;

function requireStatus(
  session: SessionRow,
  allowed: (status: SessionStatus) => boolean,
  what: string,
) {
  if (!allowed(session.status)) {
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
 * delegate list; the first check-in's time, and whether it was late, whether
 * the list came by the deadline and whether the operator was on duty in time,
 * never change. A reported absence stays on the record (the point said it
 * would not come, then came): the status says present, the reason remains.
 *
 * One statement (atomic on its own): the upsert keeps first-time facts with
 * coalesce, and the audit entry is written from the row as it was before (the
 * `previous` CTE sees the table as the statement started) and after. Thousands
 * of points check in within a minute; each costs one round trip.
 */
export async function checkIn(
  db: Db,
  rules: AttendanceConfig,
  session: SessionRow,
  point: PointPrincipal,
  delegates: Delegate[],
  now = new Date(),
): Promise<void> {
  requireStatus(session, phase.checkInOpen, 'Check-in');
  const start = session.startsAt.getTime();
  const late = now.getTime() > start + minutes(rules.graceMinutes);
  const rosterOnTime = now.getTime() <= start - minutes(rules.rosterDeadlineMinutes);
  const onDutyOnTime = now.getTime() <= start - minutes(rules.operatorDutyMinutes);
  const list = JSON.stringify(delegates);
  const change = (field: string, condition: SQL, before: SQL, after: SQL) =>
    sql`coalesce(case when ${condition} then jsonb_build_object(${field}::text, jsonb_build_object('before', ${before}, 'after', ${after})) end, '{}'::jsonb)`;
  await db.execute(sql`
    with previous as (
      select delegates, checked_in_at, absent_reason from ${attendance}
      where session_id = ${session.id} and point_id = ${point.pointId}
    ), upserted as (
      insert into ${attendance} as a (session_id, point_id, checked_in_at, last_check_in_at, late,
        delegates, roster_submitted_at, roster_on_time, on_duty_at, on_duty_on_time,
        absent_reason, absent_reported_at, updated_at)
      values (${session.id}, ${point.pointId}, ${now}, ${now}, ${late},
        ${list}::jsonb, ${now}, ${rosterOnTime}, ${now}, ${onDutyOnTime}, null, null, ${now})
      on conflict (session_id, point_id) do update set
        checked_in_at = coalesce(a.checked_in_at, excluded.checked_in_at),
        late = coalesce(a.late, excluded.late),
        last_check_in_at = excluded.last_check_in_at,
        delegates = excluded.delegates,
        roster_submitted_at = coalesce(a.roster_submitted_at, excluded.roster_submitted_at),
        roster_on_time = coalesce(a.roster_on_time, excluded.roster_on_time),
        on_duty_at = coalesce(a.on_duty_at, excluded.on_duty_at),
        on_duty_on_time = coalesce(a.on_duty_on_time, excluded.on_duty_on_time),
        updated_at = excluded.updated_at
      returning a.checked_in_at, a.late
    )
    insert into ${auditLog} (actor_kind, actor_id, actor_name, action, entity_type, entity_id, session_id, changes)
    select 'point', ${point.pointId}, ${point.pointCode},
      case when p.checked_in_at is null then 'attendance.check-in' else 'attendance.update-delegates' end,
      'attendance', ${point.pointCode}, ${session.id},
      ${change('delegates', sql`p.delegates is distinct from ${list}::jsonb`, sql`p.delegates`, sql`${list}::jsonb`)}
      || ${change('checkedInAt', sql`p.checked_in_at is null`, sql`null`, sql`to_jsonb(u.checked_in_at)`)}
      || ${change('late', sql`p.checked_in_at is null`, sql`null`, sql`to_jsonb(u.late)`)}
    from upserted u left join previous p on true`);
}

/** Reports that the point will not attend, with the reason (an excused absence). */
export async function reportAbsence(
  db: Db,
  session: SessionRow,
  point: PointPrincipal,
  reason: string,
  now = new Date(),
): Promise<void> {
  requireStatus(session, phase.attendable, 'Reporting an absence');
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

/**
 * The central hall is where the chair presides: it does not check in like a
 * component point, it is present from its first connection while check-in is
 * open (late by the same rule). Idempotent; audited once.
 */
export async function hallConnected(
  db: Db,
  rules: AttendanceConfig,
  session: SessionRow,
  hall: { pointId: string; pointCode: string },
  now = new Date(),
): Promise<boolean> {
  if (!phase.checkInOpen(session.status)) return false;
  const late = now.getTime() > session.startsAt.getTime() + minutes(rules.graceMinutes);
  return db.transaction(async (tx) => {
    const marked = await tx
      .insert(attendance)
      .values({
        sessionId: session.id,
        pointId: hall.pointId,
        checkedInAt: now,
        lastCheckInAt: now,
        late,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [attendance.sessionId, attendance.pointId],
        set: { checkedInAt: now, lastCheckInAt: now, late, updatedAt: now },
        setWhere: sql`${attendance.checkedInAt} is null`,
      })
      .returning({ checkedInAt: attendance.checkedInAt });
    if (marked.length === 0) return false;
    await recordAudit(
      tx,
      { kind: 'point', id: hall.pointId, name: hall.pointCode },
      {
        action: 'attendance.check-in',
        entityType: 'attendance',
        entityId: hall.pointCode,
        sessionId: session.id,
        before: { checkedInAt: null },
        after: { checkedInAt: now, late, by: 'the central hall connected' },
      },
    );
    return true;
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
  requireStatus(session, phase.attendable, 'A test run');
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

/** Whether the point has checked in to the session (the speaker register asks before a request). */
export async function isCheckedIn(db: Executor, sessionId: string, pointId: string) {
  const [mark] = await db
    .select({ checkedInAt: attendance.checkedInAt })
    .from(attendance)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.pointId, pointId)));
  return Boolean(mark?.checkedInAt);
}
