import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import { points, sessionPoints } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { MicOverride } from '../../media/routing.js';
import { type Actor, recordAudit } from '../audit/record.js';

/**
 * Moderators' decisions on microphones, per session and invited point. They
 * live in the database, not only in the media room: after a restart (or a
 * room opened anew) a point a moderator silenced stays silent.
 */
export async function loadMicOverrides(
  db: Db,
  sessionId: string,
): Promise<Map<string, MicOverride>> {
  const rows = await db
    .select({ pointId: sessionPoints.pointId, microphone: sessionPoints.microphone })
    .from(sessionPoints)
    .where(and(eq(sessionPoints.sessionId, sessionId), isNotNull(sessionPoints.microphone)));
  return new Map(rows.map((r) => [r.pointId, r.microphone as MicOverride]));
}

/**
 * Records a moderator's decision (null: back to the floor rule) with its
 * audit entry; answers the point's id. A point not invited is a 404.
 */
export async function saveMicOverride(
  db: Db,
  actor: Actor,
  sessionId: string,
  pointCode: string,
  state: MicOverride | null,
): Promise<{ pointId: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ pointId: sessionPoints.pointId, microphone: sessionPoints.microphone })
      .from(sessionPoints)
      .innerJoin(points, eq(points.id, sessionPoints.pointId))
      .where(and(eq(sessionPoints.sessionId, sessionId), eq(points.code, pointCode)))
      .for('update', { of: sessionPoints });
    if (!row) {
      throw new HttpProblem(
        404,
        ErrorCode.NOT_FOUND,
        `Point ${pointCode} is not invited to this session.`,
      );
    }
    if (row.microphone === state) return { pointId: row.pointId };
    await tx
      .update(sessionPoints)
      .set({ microphone: state })
      .where(and(eq(sessionPoints.sessionId, sessionId), eq(sessionPoints.pointId, row.pointId)));
    await recordAudit(tx, actor, {
      action: 'media.microphone',
      entityType: 'point',
      entityId: pointCode,
      sessionId,
      before: { microphone: row.microphone ?? 'auto' },
      after: { microphone: state ?? 'auto' },
    });
    return { pointId: row.pointId };
  });
}

/**
 * The floor's microphone rule, stored: a fresh grant of the floor lifts a
 * moderator's earlier silencing of the point. Called inside the grant's own
 * transaction (the room does the same in memory when the floor moves).
 */
export async function liftSilence(tx: Executor, sessionId: string, pointId: string) {
  await tx
    .update(sessionPoints)
    .set({ microphone: null })
    .where(
      and(
        eq(sessionPoints.sessionId, sessionId),
        eq(sessionPoints.pointId, pointId),
        eq(sessionPoints.microphone, 'closed'),
      ),
    );
}
