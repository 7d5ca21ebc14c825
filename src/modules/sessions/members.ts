import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/executor.js';
import { agendaItems, points, sessionModerators, sessionPoints, users } from '../../db/schema.js';
import { ErrorCode } from '../../http/problem.js';
import type { SessionRow } from './read.js';
import { unprocessable } from './timing.js';

// The rows hanging off a session: its chair, moderators, agenda and invited points.

export interface AgendaInput {
  title: string;
  presenter?: string | undefined;
  plannedMinutes?: number | undefined;
  plannedSpeeches?: number | undefined;
}

export async function resolveChair(
  tx: Tx,
  username: string | null | undefined,
): Promise<string | null> {
  if (!username) return null;
  const [user] = await tx.select().from(users).where(eq(users.username, username));
  if (!user || user.disabledAt || user.role !== 'chair') {
    throw unprocessable(ErrorCode.UNKNOWN_REFERENCE, `${username} is not an active chair.`, [
      { path: 'body/chairUsername', message: 'not an active user with the chair role' },
    ]);
  }
  return user.id;
}

export async function resolveModerators(tx: Tx, usernames: string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const found = await tx.select().from(users).where(inArray(users.username, usernames));
  const ok = new Map(
    found
      .filter((u) => !u.disabledAt && (u.role === 'moderator' || u.role === 'chair'))
      .map((u) => [u.username, u.id]),
  );
  const bad = usernames.filter((u) => !ok.has(u));
  if (bad.length > 0) {
    throw unprocessable(ErrorCode.UNKNOWN_REFERENCE, `Not active moderators: ${bad.join(', ')}.`, [
      {
        path: 'body/moderatorUsernames',
        message: `not active moderators or chairs: ${bad.join(', ')}`,
      },
    ]);
  }
  return usernames.map((u) => ok.get(u) as string);
}

/** Replaces the invitations; undefined codes = every active point. */
export async function writeInvitations(
  tx: Tx,
  sessionId: string,
  codes: string[] | undefined,
): Promise<void> {
  await tx.delete(sessionPoints).where(eq(sessionPoints.sessionId, sessionId));
  if (codes === undefined) {
    await tx.execute(sql`insert into session_points (session_id, point_id)
      select ${sessionId}, id from points where active`);
  } else {
    const ids: string[] = [];
    const bad: string[] = [];
    for (let i = 0; i < codes.length; i += 5000) {
      const chunk = codes.slice(i, i + 5000);
      const found = await tx
        .select({ id: points.id, code: points.code, active: points.active })
        .from(points)
        .where(inArray(points.code, chunk));
      const active = new Map(found.filter((p) => p.active).map((p) => [p.code, p.id]));
      for (const code of chunk) {
        const id = active.get(code);
        if (id) ids.push(id);
        else bad.push(code);
      }
    }
    if (bad.length > 0) {
      throw unprocessable(
        ErrorCode.UNKNOWN_REFERENCE,
        `Unknown or inactive points: ${bad.slice(0, 20).join(', ')}.`,
        [{ path: 'body/invitedPointCodes', message: `unknown or inactive: ${bad.join(', ')}` }],
      );
    }
    for (let i = 0; i < ids.length; i += 5000) {
      await tx
        .insert(sessionPoints)
        .values(ids.slice(i, i + 5000).map((pointId) => ({ sessionId, pointId })));
    }
  }
  const [first] = await tx
    .select()
    .from(sessionPoints)
    .where(eq(sessionPoints.sessionId, sessionId))
    .limit(1);
  if (!first)
    throw unprocessable(ErrorCode.UNKNOWN_REFERENCE, 'There are no active points to invite.');
}

export async function writeModerators(tx: Tx, sessionId: string, userIds: string[]): Promise<void> {
  await tx.delete(sessionModerators).where(eq(sessionModerators.sessionId, sessionId));
  if (userIds.length > 0) {
    await tx.insert(sessionModerators).values(userIds.map((userId) => ({ sessionId, userId })));
  }
}

export async function writeAgenda(tx: Tx, sessionId: string, agenda: AgendaInput[]): Promise<void> {
  await tx.delete(agendaItems).where(eq(agendaItems.sessionId, sessionId));
  if (agenda.length === 0) return;
  await tx.insert(agendaItems).values(
    agenda.map((a, i) => ({
      sessionId,
      position: i + 1,
      title: a.title,
      presenter: a.presenter ?? null,
      plannedMinutes: a.plannedMinutes ?? null,
      plannedSpeeches: a.plannedSpeeches ?? null,
    })),
  );
}

/** What the audit log keeps of a session. */
export async function auditableSession(tx: Tx, s: SessionRow) {
  // One after another: a transaction is one connection.
  const chair = s.chairId
    ? await tx.select({ u: users.username }).from(users).where(eq(users.id, s.chairId))
    : [];
  const moderators = await tx
    .select({ u: users.username })
    .from(sessionModerators)
    .innerJoin(users, eq(users.id, sessionModerators.userId))
    .where(eq(sessionModerators.sessionId, s.id))
    .orderBy(asc(users.username));
  const agenda = await tx
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.sessionId, s.id))
    .orderBy(asc(agendaItems.position));
  const invited = await tx
    .select({ code: points.code })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .where(eq(sessionPoints.sessionId, s.id))
    .orderBy(asc(points.code));
  return {
    title: s.title,
    kind: s.kind,
    status: s.status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    urgent: s.urgent,
    speech: {
      seconds: s.speechSeconds,
      warningSeconds: s.speechWarningSeconds,
      overrun: s.speechOverrun,
    },
    chair: chair[0]?.u ?? null,
    moderators: moderators.map((m) => m.u),
    agenda: agenda.map(({ title, presenter, plannedMinutes, plannedSpeeches }) => ({
      title,
      presenter,
      plannedMinutes,
      plannedSpeeches,
    })),
    invitedPoints: invited.map((p) => p.code),
  };
}
