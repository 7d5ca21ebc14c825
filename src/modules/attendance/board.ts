import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AttendanceConfig } from '../../config.js';
import type { AttendanceSummary, PointAttendance } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import {
  attendance,
  connectionIntervals,
  materialReceipts,
  materials,
  materialVersions,
  pointCredentials,
  points,
  sessionPoints,
  testRuns,
} from '../../db/schema.js';
import type { SessionRow } from '../sessions/read.js';
import { type Interval, unionSeconds } from './figures.js';

export interface BoardContext {
  rules: AttendanceConfig;
  isConnected: (pointId: string) => boolean;
  /** Live media figures of a point, if the media plane has any. */
  networkOf?: (pointId: string) => PointAttendance['network'];
  now?: Date;
}

function boardSelect(db: Db) {
  const latestTest = db
    .select({ passed: testRuns.passed, at: testRuns.at, figures: testRuns.figures })
    .from(testRuns)
    .where(
      and(
        eq(testRuns.sessionId, sessionPoints.sessionId),
        eq(testRuns.pointId, sessionPoints.pointId),
      ),
    )
    .orderBy(desc(testRuns.at))
    .limit(1)
    .as('latest_test');
  return db
    .select({
      id: points.id,
      code: points.code,
      name: points.name,
      kind: points.kind,
      microphone: sessionPoints.microphone,
      mark: attendance,
      testPassed: latestTest.passed,
      testAt: latestTest.at,
      testFigures: latestTest.figures,
      credentialIssued: sql<boolean>`exists (select 1 from ${pointCredentials} where ${pointCredentials.pointId} = ${points.id} and ${pointCredentials.revokedAt} is null)`,
      // materials: current versions of the session's live materials, and how many this point took
      materialsOf:
        sql<number>`(select count(*) from ${materials} where ${materials.sessionId} = ${sessionPoints.sessionId} and ${materials.withdrawnAt} is null)`.mapWith(
          Number,
        ),
      materialsReceived:
        sql<number>`(select count(*) from ${materialReceipts} join ${materialVersions} on ${materialVersions.id} = ${materialReceipts.versionId} join ${materials} on ${materials.id} = ${materialVersions.materialId} and ${materials.currentVersion} = ${materialVersions.version} where ${materials.sessionId} = ${sessionPoints.sessionId} and ${materials.withdrawnAt} is null and ${materialReceipts.pointId} = ${points.id})`.mapWith(
          Number,
        ),
      intervals: sql<Array<
        [string, string | null, string]
      > | null>`(select json_agg(json_build_array(${connectionIntervals.openedAt}, ${connectionIntervals.closedAt}, ${connectionIntervals.lastSeenAt})) from ${connectionIntervals} where ${connectionIntervals.sessionId} = ${sessionPoints.sessionId} and ${connectionIntervals.pointId} = ${points.id})`,
    })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .leftJoin(
      attendance,
      and(
        eq(attendance.sessionId, sessionPoints.sessionId),
        eq(attendance.pointId, sessionPoints.pointId),
      ),
    )
    .leftJoinLateral(latestTest, sql`true`)
    .orderBy(asc(points.code))
    .$dynamic();
}

const prepared = new WeakMap<Db, { onePoint: ReturnType<typeof prepareOnePoint> }>();
function prepareOnePoint(db: Db) {
  return boardSelect(db)
    .where(
      and(
        eq(sessionPoints.sessionId, sql.placeholder('sessionId')),
        eq(sessionPoints.pointId, sql.placeholder('pointId')),
      ),
    )
    .prepare('board_one_point');
}
function boardQueries(db: Db) {
  let queries = prepared.get(db);
  if (!queries) {
    queries = { onePoint: prepareOnePoint(db) };
    prepared.set(db, queries);
  }
  return queries;
}

/**
 * Every invited point's row (or only `pointIds`), ordered by code, in one
 * statement: the live side asks for rows on every check-in. Connection time
 * counts from the operator's duty time (T−60 min) to the end of the session.
 */
export async function loadBoard(
  db: Db,
  session: SessionRow,
  ctx: BoardContext,
  pointIds?: string[],
): Promise<PointAttendance[]> {
  const now = ctx.now ?? new Date();
  // One point (every join and check-in): a prepared statement, built and planned once.
  const rows =
    pointIds?.length === 1
      ? await boardQueries(db).onePoint.execute({ sessionId: session.id, pointId: pointIds[0] })
      : await boardSelect(db).where(
          and(
            eq(sessionPoints.sessionId, session.id),
            pointIds ? inArray(sessionPoints.pointId, pointIds) : undefined,
          ),
        );
  const from = session.startsAt.getTime() - ctx.rules.operatorDutyMinutes * 60_000;
  const to = session.endedAt?.getTime() ?? now.getTime();
  return rows.map((p) => {
    const mark = p.mark;
    const connected = ctx.isConnected(p.id);
    const spans: Interval[] = (p.intervals ?? []).map(([opened, closed, seen]) => ({
      openedAt: new Date(opened),
      closedAt: closed ? new Date(closed) : null,
      lastSeenAt: new Date(seen),
    }));
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
      credentialIssued: p.credentialIssued,
      testPassed: p.testPassed ?? null,
      testAt: p.testAt ? new Date(p.testAt).toISOString() : null,
      testFigures: p.testFigures ?? null,
      connected,
      checkedIn,
      checkedInAt: mark?.checkedInAt?.toISOString() ?? null,
      late,
      delegates: mark?.delegates ?? [],
      delegatesCount: mark?.delegates.length ?? 0,
      rosterOnTime: mark?.rosterOnTime ?? null,
      onDutyAt: mark?.onDutyAt?.toISOString() ?? null,
      onDutyOnTime: mark?.onDutyOnTime ?? null,
      absentReason: mark?.absentReason ?? null,
      network: ctx.networkOf?.(p.id) ?? null,
      microphone: p.microphone ?? 'auto',
      materials: { received: Number(p.materialsReceived), of: Number(p.materialsOf) },
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
