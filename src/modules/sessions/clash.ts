import { and, asc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../db/executor.js';
import { points, sessionPoints, sessions } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { BOOKED } from './lifecycle.js';
import type { SessionRow } from './read.js';

/** Serialises every booking change, so that two overlapping sessions cannot both pass the clash check. */
const SCHEDULING_LOCK = 4_711_202_613;
export const lockScheduling = (tx: Executor) =>
  tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULING_LOCK})`);

/**
 * No point (the central hall included) may be in two overlapping booked
 * sessions. Compares this session's invitations, already written in the
 * transaction, with every other booked session; 409 names the first clash.
 */
export async function checkClash(tx: Tx, session: SessionRow): Promise<void> {
  const mine = alias(sessionPoints, 'mine');
  const rows = await tx
    .select({
      id: sessions.id,
      title: sessions.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      code: points.code,
    })
    .from(mine)
    .innerJoin(sessionPoints, eq(sessionPoints.pointId, mine.pointId))
    .innerJoin(sessions, eq(sessions.id, sessionPoints.sessionId))
    .innerJoin(points, eq(points.id, mine.pointId))
    .where(
      and(
        eq(mine.sessionId, session.id),
        ne(sessions.id, session.id),
        inArray(sessions.status, [...BOOKED]),
        lt(sessions.startsAt, session.endsAt),
        gt(sessions.endsAt, session.startsAt),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(points.code))
    .limit(5000);
  const first = rows[0];
  if (!first) return;
  const codes = rows.filter((r) => r.id === first.id).map((r) => r.code);
  const others = [...new Set(rows.map((r) => r.id))];
  throw new HttpProblem(
    409,
    ErrorCode.SESSION_CLASH,
    `Clashes with "${first.title}" (${first.id}, ${first.startsAt.toISOString()}–${first.endsAt.toISOString()}): ${codes.length} point(s) already invited, e.g. ${codes.slice(0, 5).join(', ')}.`,
    {
      clashes: others.map((id) => {
        const r = rows.find((x) => x.id === id) as (typeof rows)[number];
        return {
          sessionId: id,
          title: r.title,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
          pointCodes: rows.filter((x) => x.id === id).map((x) => x.code),
        };
      }),
    },
  );
}
