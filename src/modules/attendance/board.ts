import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { AttendanceConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import {
  attendance,
  connectionIntervals,
  pointCredentials,
  points,
  sessionPoints,
  testRuns,
} from '../../db/schema.js';
import type { SessionRow } from '../sessions/read.js';
import type { AttendanceSummarySchema, PointAttendanceSchema } from './schemas.js';

export type PointAttendance = Static<typeof PointAttendanceSchema>;
export type AttendanceSummary = Static<typeof AttendanceSummarySchema>;

interface Interval {
  openedAt: Date;
  closedAt: Date | null;
  lastSeenAt: Date;
}

/**
 * Seconds covered by the union of the intervals inside [from, to]: overlaps
 * (two devices, a reconnect racing the old socket) count once. An open
 * interval runs until `now`.
 */
export function unionSeconds(intervals: Interval[], from: number, to: number, now: number): number {
  const spans = intervals
    .map(
      (i) =>
        [Math.max(i.openedAt.getTime(), from), Math.min(i.closedAt?.getTime() ?? now, to)] as const,
    )
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [start, end] = [Number.NaN, Number.NaN];
  for (const [a, b] of spans) {
    if (Number.isNaN(start) || a > end) {
      if (!Number.isNaN(start)) total += end - start;
      [start, end] = [a, b];
    } else end = Math.max(end, b);
  }
  if (!Number.isNaN(start)) total += end - start;
  return Math.round(total / 1000);
}

export interface BoardContext {
  rules: AttendanceConfig;
  isConnected: (pointId: string) => boolean;
  now?: Date;
}

/**
 * Every invited point's row (or only `pointIds`), ordered by code. Connection
 * time counts from the operator's duty time (T−60 min) to the end of the session.
 */
export async function loadBoard(
  db: Db,
  session: SessionRow,
  ctx: BoardContext,
  pointIds?: string[],
): Promise<PointAttendance[]> {
  const now = ctx.now ?? new Date();
  const only = (column: Parameters<typeof inArray>[0]): SQL | undefined =>
    pointIds ? inArray(column, pointIds) : undefined;
  const [invited, marks, credentialed, tests, intervals] = await Promise.all([
    db
      .select({ id: points.id, code: points.code, name: points.name, kind: points.kind })
      .from(sessionPoints)
      .innerJoin(points, eq(points.id, sessionPoints.pointId))
      .where(and(eq(sessionPoints.sessionId, session.id), only(sessionPoints.pointId)))
      .orderBy(asc(points.code)),
    db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, session.id), only(attendance.pointId))),
    db
      .selectDistinct({ pointId: pointCredentials.pointId })
      .from(pointCredentials)
      .innerJoin(sessionPoints, eq(sessionPoints.pointId, pointCredentials.pointId))
      .where(
        and(
          eq(sessionPoints.sessionId, session.id),
          isNull(pointCredentials.revokedAt),
          only(pointCredentials.pointId),
        ),
      ),
    db
      .selectDistinctOn([testRuns.pointId], {
        pointId: testRuns.pointId,
        passed: testRuns.passed,
        at: testRuns.at,
      })
      .from(testRuns)
      .where(and(eq(testRuns.sessionId, session.id), only(testRuns.pointId)))
      .orderBy(testRuns.pointId, desc(testRuns.at)),
    db
      .select()
      .from(connectionIntervals)
      .where(and(eq(connectionIntervals.sessionId, session.id), only(connectionIntervals.pointId))),
  ]);

  const byPoint = new Map(marks.map((m) => [m.pointId, m]));
  const withCredential = new Set(credentialed.map((c) => c.pointId));
  const latestTest = new Map(tests.map((t) => [t.pointId, t]));
  const intervalsOf = new Map<string, Interval[]>();
  for (const i of intervals) {
    const list = intervalsOf.get(i.pointId);
    if (list) list.push(i);
    else intervalsOf.set(i.pointId, [i]);
  }

  const from = session.startsAt.getTime() - ctx.rules.operatorDutyMinutes * 60_000;
  const to = session.endedAt?.getTime() ?? now.getTime();
  return invited.map((p) => {
    const mark = byPoint.get(p.id);
    const test = latestTest.get(p.id);
    const connected = ctx.isConnected(p.id);
    const spans = intervalsOf.get(p.id) ?? [];
    const lastSeen = connected
      ? now
      : spans.reduce<Date | null>((max, i) => {
          const seen = i.closedAt ?? i.lastSeenAt;
          return !max || seen > max ? seen : max;
        }, null);
    const checkedIn = Boolean(mark?.checkedInAt);
    const late = checkedIn && mark?.late === true;
    return {
      code: p.code,
      name: p.name,
      kind: p.kind,
      status: checkedIn ? (late ? 'late' : 'present') : mark?.absentReason ? 'excused' : 'absent',
      credentialIssued: withCredential.has(p.id),
      testPassed: test?.passed ?? null,
      testAt: test?.at.toISOString() ?? null,
      connected,
      checkedIn,
      checkedInAt: mark?.checkedInAt?.toISOString() ?? null,
      late,
      delegates: mark?.delegates ?? [],
      delegatesCount: mark?.delegates.length ?? 0,
      rosterOnTime: mark?.rosterOnTime ?? null,
      onDutyAt: mark?.onDutyAt?.toISOString() ?? null,
      onDutyOnTime: mark?.onDutyOnTime ?? null,
      absentReason: checkedIn ? null : (mark?.absentReason ?? null),
      connectedSeconds: unionSeconds(spans, from, to, now.getTime()),
      disconnects: mark?.disconnects ?? 0,
      lastSeenAt: lastSeen?.toISOString() ?? null,
    } satisfies PointAttendance;
  });
}

/** The summary counts straight from SQL, without building every row. */
export async function loadSummary(
  db: Executor,
  sessionId: string,
  connected: number,
): Promise<AttendanceSummary> {
  const [row] = await db
    .select({
      invited: count(),
      present: count(attendance.checkedInAt),
      late: sql<number>`count(*) filter (where ${attendance.checkedInAt} is not null and ${attendance.late})`.mapWith(
        Number,
      ),
      excused:
        sql<number>`count(*) filter (where ${attendance.checkedInAt} is null and ${attendance.absentReason} is not null)`.mapWith(
          Number,
        ),
    })
    .from(sessionPoints)
    .leftJoin(
      attendance,
      and(
        eq(attendance.sessionId, sessionPoints.sessionId),
        eq(attendance.pointId, sessionPoints.pointId),
      ),
    )
    .where(eq(sessionPoints.sessionId, sessionId));
  const invited = row?.invited ?? 0;
  const present = row?.present ?? 0;
  return {
    invited,
    present,
    late: row?.late ?? 0,
    absent: invited - present,
    excused: row?.excused ?? 0,
    connected,
  };
}

export function summarise(rows: PointAttendance[]): AttendanceSummary {
  const count = (f: (r: PointAttendance) => boolean) => rows.filter(f).length;
  return {
    invited: rows.length,
    present: count((r) => r.checkedIn),
    late: count((r) => r.status === 'late'),
    absent: count((r) => !r.checkedIn),
    excused: count((r) => r.status === 'excused'),
    connected: count((r) => r.connected),
  };
}
