import { and, asc, eq, gt, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../db/executor.js';
import { points, sessionModerators, sessionPoints, sessions, users } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { BOOKED } from './lifecycle.js';
import type { SessionRow } from './read.js';

/** Serialises every booking change, so that two overlapping sessions cannot both pass the clash check. */
const SCHEDULING_LOCK = 4_711_202_613;
export const lockScheduling = (tx: Executor) =>
  tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULING_LOCK})`);

/**
 * Other booked sessions overlapping this one. An ended session holds its
 * points and people until it actually ended, not until its scheduled end.
 */
function overlapping(session: SessionRow): SQL {
  return and(
    ne(sessions.id, session.id),
    inArray(sessions.status, [...BOOKED]),
    lt(sessions.startsAt, session.endsAt),
    gt(sql`coalesce(${sessions.endedAt}, ${sessions.endsAt})`, session.startsAt),
  ) as SQL;
}

interface Clash {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  code?: string;
  username?: string;
}

/**
 * No point (the central hall included) and no person (the chair, a
 * moderator) may be in two overlapping booked sessions. Compares this
 * session's invitations and people, already written in the transaction,
 * with every other booked session; 409 names the clashing sessions.
 */
export async function checkClash(tx: Tx, session: SessionRow): Promise<void> {
  // One after the other: a transaction is one connection.
  const pointClashes = await clashingPoints(tx, session);
  const personClashes = await clashingPeople(tx, session);
  const rows: Clash[] = [...pointClashes, ...personClashes].sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime(),
  );
  const first = rows[0];
  if (!first) return;
  const ids = [...new Set(rows.map((r) => r.id))];
  const of = (id: string) => rows.filter((r) => r.id === id);
  const pointCodes = (id: string) => of(id).flatMap((r) => (r.code ? [r.code] : []));
  const usernames = (id: string) => [
    ...new Set(of(id).flatMap((r) => (r.username ? [r.username] : []))),
  ];
  const who = [
    pointCodes(first.id).length > 0
      ? `${pointCodes(first.id).length} point(s) already invited, e.g. ${pointCodes(first.id).slice(0, 5).join(', ')}`
      : '',
    usernames(first.id).length > 0 ? `already running it: ${usernames(first.id).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  throw new HttpProblem(
    409,
    ErrorCode.SESSION_CLASH,
    `Clashes with "${first.title}" (${first.id}, ${first.startsAt.toISOString()}–${first.endsAt.toISOString()}): ${who}.`,
    {
      clashes: ids.map((id) => {
        const r = of(id)[0] as Clash;
        return {
          sessionId: id,
          title: r.title,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
          pointCodes: pointCodes(id),
          usernames: usernames(id),
        };
      }),
    },
  );
}

async function clashingPoints(tx: Tx, session: SessionRow): Promise<Clash[]> {
  const mine = alias(sessionPoints, 'mine');
  return tx
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
    .where(and(eq(mine.sessionId, session.id), overlapping(session)))
    .orderBy(asc(sessions.startsAt), asc(points.code))
    .limit(5000);
}

/** The chair and the moderators of this session, in other overlapping sessions in any of those roles. */
async function clashingPeople(tx: Tx, session: SessionRow): Promise<Clash[]> {
  const myModerators = tx
    .select({ id: sessionModerators.userId })
    .from(sessionModerators)
    .where(eq(sessionModerators.sessionId, session.id));
  const mine = session.chairId
    ? sql`(${users.id} = ${session.chairId} or ${users.id} in ${myModerators})`
    : sql`${users.id} in ${myModerators}`;
  return tx
    .select({
      id: sessions.id,
      title: sessions.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      username: users.username,
    })
    .from(sessions)
    .innerJoin(
      users,
      sql`(${users.id} = ${sessions.chairId} or exists (select 1 from ${sessionModerators} m where m.session_id = ${sessions.id} and m.user_id = ${users.id}))`,
    )
    .where(and(overlapping(session), mine))
    .orderBy(asc(sessions.startsAt), asc(users.username))
    .limit(500);
}
