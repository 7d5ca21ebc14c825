import { and, asc, count, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import type { PointKind, SessionStatus } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import {
  agendaItems,
  points,
  sessionModerators,
  sessionPoints,
  sessions,
  users,
} from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Principal } from '../auth/principal.js';
import { phase, statusesOf } from './lifecycle.js';

export type SessionRow = typeof sessions.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function sessionSummary(s: SessionRow, invitedCount: number) {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    status: s.status,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    urgent: s.urgent,
    speech: {
      seconds: s.speechSeconds,
      warningSeconds: s.speechWarningSeconds,
      overrun: s.speechOverrun as 'end' | 'warn',
    },
    invitedCount,
    checkinOpenedAt: iso(s.checkinOpenedAt),
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
    cancelledAt: iso(s.cancelledAt),
    cancelReason: s.cancelReason,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

export async function isInvited(
  db: Executor,
  sessionId: string,
  pointId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ pointId: sessionPoints.pointId })
    .from(sessionPoints)
    .where(and(eq(sessionPoints.sessionId, sessionId), eq(sessionPoints.pointId, pointId)));
  return row !== undefined;
}

export async function isModerator(
  db: Executor,
  sessionId: string,
  userId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ userId: sessionModerators.userId })
    .from(sessionModerators)
    .where(and(eq(sessionModerators.sessionId, sessionId), eq(sessionModerators.userId, userId)));
  return row !== undefined;
}

const notFound = () => new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');

/**
 * Who may read a session: people every session; a point credential only the
 * sessions its point is invited to, once announced (not a draft). The one
 * statement of the rule; `invited` is asked only for points.
 */
export async function canRead(
  principal: Principal,
  session: Pick<SessionRow, 'status'>,
  invited: (pointId: string) => boolean | Promise<boolean>,
): Promise<boolean> {
  if (principal.kind === 'user') return true;
  return phase.visibleToPoints(session.status) && (await invited(principal.pointId));
}

/**
 * The session if the principal may read it (canRead); sessions a point may
 * not see answer 404, so their existence stays confidential.
 */
export async function readableSession(
  db: Executor,
  principal: Principal,
  id: string,
): Promise<SessionRow> {
  const session = await findSession(db, id);
  if (!session || !(await canRead(principal, session, (pointId) => isInvited(db, id, pointId))))
    throw notFound();
  return session;
}

/**
 * Whether a person runs this session: the secretariat, its chair, or one of
 * its moderators. Moderators act only on the sessions they moderate.
 */
export async function runsSession(db: Executor, principal: Principal, session: SessionRow) {
  if (principal.kind !== 'user') return false;
  if (principal.role === 'secretariat') return true;
  if (principal.role === 'chair' && session.chairId === principal.id) return true;
  if (principal.role === 'moderator' || principal.role === 'chair') {
    return isModerator(db, session.id, principal.id);
  }
  return false;
}

/** The session as the room snapshot carries it: everything but the invited list (the board has it). */
export async function sessionBrief(db: Db, session: SessionRow) {
  const [chair, moderators, agenda, invitedCount] = await Promise.all([
    chairOf(db, session),
    moderatorsOf(db, session),
    agendaOf(db, session),
    db.$count(sessionPoints, eq(sessionPoints.sessionId, session.id)),
  ]);
  return { ...sessionSummary(session, invitedCount), chair, moderators, agenda };
}

/** The full session: chair, moderators, agenda and invited points. */
export async function sessionDetail(db: Db, session: SessionRow) {
  const [chair, moderators, agenda, invited] = await Promise.all([
    chairOf(db, session),
    moderatorsOf(db, session),
    agendaOf(db, session),
    db
      .select({ code: points.code, name: points.name, kind: points.kind, active: points.active })
      .from(sessionPoints)
      .innerJoin(points, eq(points.id, sessionPoints.pointId))
      .where(eq(sessionPoints.sessionId, session.id))
      .orderBy(asc(points.code)),
  ]);
  return {
    ...sessionSummary(session, invited.length),
    chair,
    moderators,
    agenda,
    invitedPoints: invited,
  };
}

async function chairOf(db: Db, session: SessionRow) {
  if (!session.chairId) return null;
  const [chair] = await db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, session.chairId));
  return chair ?? null;
}

function moderatorsOf(db: Db, session: SessionRow) {
  return db
    .select({ username: users.username, displayName: users.displayName })
    .from(sessionModerators)
    .innerJoin(users, eq(users.id, sessionModerators.userId))
    .where(eq(sessionModerators.sessionId, session.id))
    .orderBy(asc(users.username));
}

async function agendaOf(db: Db, session: SessionRow) {
  const rows = await db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.sessionId, session.id))
    .orderBy(asc(agendaItems.position));
  return rows.map((a) => ({
    position: a.position,
    title: a.title,
    presenter: a.presenter,
    plannedMinutes: a.plannedMinutes,
    plannedSpeeches: a.plannedSpeeches,
  }));
}

export interface SessionFilter {
  from?: string | undefined;
  to?: string | undefined;
  status?: SessionStatus[] | undefined;
  limit: number;
}

/** Sessions overlapping [from, to), soonest first; a point sees only its invitations. */
export async function listSessions(db: Db, principal: Principal, f: SessionFilter) {
  const where: SQL[] = [];
  if (f.from) where.push(gt(sessions.endsAt, new Date(f.from)));
  if (f.to) where.push(lt(sessions.startsAt, new Date(f.to)));
  if (f.status && f.status.length > 0) where.push(inArray(sessions.status, f.status));
  if (principal.kind === 'point') {
    const invitedTo = db
      .select({ id: sessionPoints.sessionId })
      .from(sessionPoints)
      .where(eq(sessionPoints.pointId, principal.pointId));
    where.push(inArray(sessions.id, invitedTo), inArray(sessions.status, statusesOf('announced')));
  }
  const rows = await db
    .select()
    .from(sessions)
    .where(and(...where))
    .orderBy(asc(sessions.startsAt))
    .limit(f.limit);
  const counts = rows.length
    ? await db
        .select({ sessionId: sessionPoints.sessionId, n: count() })
        .from(sessionPoints)
        .where(
          inArray(
            sessionPoints.sessionId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(sessionPoints.sessionId)
    : [];
  const invited = new Map(counts.map((c) => [c.sessionId, c.n]));
  return rows.map((r) => sessionSummary(r, invited.get(r.id) ?? 0));
}

/** The session's status as stored now (undefined: no such session). */
export async function statusOf(db: Executor, id: string): Promise<SessionStatus | undefined> {
  const [row] = await db
    .select({ status: sessions.status })
    .from(sessions)
    .where(eq(sessions.id, id));
  return row?.status;
}

/** The id of an invited point, by its code. */
export async function invitedPointId(
  db: Executor,
  sessionId: string,
  code: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: points.id })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .where(and(eq(sessionPoints.sessionId, sessionId), eq(points.code, code)));
  return row?.id;
}

/** Several sessions by id (in no particular order). */
export async function findSessions(db: Executor, ids: string[]): Promise<SessionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(sessions).where(inArray(sessions.id, ids));
}

/** The invited points of a session (optionally of one kind), ordered by code. */
export function invitedPoints(db: Executor, sessionId: string, kind?: PointKind) {
  return db
    .select({ id: points.id, code: points.code })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .where(and(eq(sessionPoints.sessionId, sessionId), kind ? eq(points.kind, kind) : undefined))
    .orderBy(asc(points.code));
}
