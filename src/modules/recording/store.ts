import { and, asc, eq, inArray, isNotNull, max } from 'drizzle-orm';
import type { RecordingStatus } from '../../contract/index.js';
import type { Executor } from '../../db/executor.js';
import {
  points,
  recordingParts,
  recordingSegments,
  recordingStates,
  sessions,
  speakerEntries,
} from '../../db/schema.js';

export type StateRow = typeof recordingStates.$inferSelect;
export type PartRow = typeof recordingParts.$inferSelect;
export type SegmentRow = typeof recordingSegments.$inferSelect;

/** A session's recording state; a session never recorded is 'off'. */
export async function loadState(db: Executor, sessionId: string): Promise<StateRow> {
  const [row] = await db
    .select()
    .from(recordingStates)
    .where(eq(recordingStates.sessionId, sessionId));
  return (
    row ?? {
      sessionId,
      wanted: false,
      recordAutomatically: false,
      status: 'off',
      since: new Date(),
      errorCode: null,
      reason: null,
      updatedAt: new Date(),
    }
  );
}

export interface StatePatch {
  wanted?: boolean;
  recordAutomatically?: boolean;
  status?: RecordingStatus;
  errorCode?: string | null;
  reason?: string | null;
}

/** Writes a change; `since` moves only when the status does. Returns the new row. */
export async function saveState(
  db: Executor,
  sessionId: string,
  patch: StatePatch,
): Promise<StateRow> {
  const before = await loadState(db, sessionId);
  const now = new Date();
  const next: StateRow = {
    ...before,
    ...patch,
    since: patch.status && patch.status !== before.status ? now : before.since,
    updatedAt: now,
  };
  await db
    .insert(recordingStates)
    .values(next)
    .onConflictDoUpdate({
      target: recordingStates.sessionId,
      set: { ...next, sessionId: undefined },
    });
  return next;
}

/** Sessions whose recording is wanted (to resume after a start). */
export async function wantedSessions(
  db: Executor,
): Promise<Array<{ sessionId: string; status: string }>> {
  return db
    .select({ sessionId: recordingStates.sessionId, status: sessions.status })
    .from(recordingStates)
    .innerJoin(sessions, eq(sessions.id, recordingStates.sessionId))
    .where(eq(recordingStates.wanted, true));
}

export async function insertPart(
  db: Executor,
  part: { sessionId: string; dir: (seq: number) => string; startedAt: Date; hasVideo: boolean },
): Promise<PartRow> {
  const [last] = await db
    .select({ seq: max(recordingParts.seq) })
    .from(recordingParts)
    .where(eq(recordingParts.sessionId, part.sessionId));
  const seq = (last?.seq ?? 0) + 1;
  const [row] = await db
    .insert(recordingParts)
    .values({
      sessionId: part.sessionId,
      seq,
      dir: part.dir(seq),
      startedAt: part.startedAt,
      hasVideo: part.hasVideo,
    })
    .returning();
  if (!row) throw new Error('part not inserted');
  return row;
}

/** Sets where the part's time zero is, once its media flows. */
export async function setPartStart(
  db: Executor,
  partId: string,
  startedAt: Date,
  hasVideo: boolean,
): Promise<void> {
  await db.update(recordingParts).set({ startedAt, hasVideo }).where(eq(recordingParts.id, partId));
}

export async function finishPart(
  db: Executor,
  partId: string,
  end: { endedAt: Date; status: 'finished' | 'failed'; reason: string },
): Promise<void> {
  await db
    .update(recordingParts)
    .set({ endedAt: end.endedAt, status: end.status, endReason: end.reason })
    .where(eq(recordingParts.id, partId));
}

/** Parts still marked 'recording' (the server stopped under them). */
export async function openParts(db: Executor): Promise<PartRow[]> {
  return db.select().from(recordingParts).where(eq(recordingParts.status, 'recording'));
}

export async function insertSegment(
  db: Executor,
  seg: Omit<typeof recordingSegments.$inferInsert, 'id' | 'createdAt'>,
): Promise<SegmentRow | undefined> {
  const [row] = await db.insert(recordingSegments).values(seg).onConflictDoNothing().returning();
  return row;
}

export async function partsOf(db: Executor, sessionId: string) {
  const parts = await db
    .select()
    .from(recordingParts)
    .where(eq(recordingParts.sessionId, sessionId))
    .orderBy(asc(recordingParts.seq));
  const segments = parts.length
    ? await db
        .select()
        .from(recordingSegments)
        .where(
          inArray(
            recordingSegments.partId,
            parts.map((p) => p.id),
          ),
        )
        .orderBy(asc(recordingSegments.seq))
    : [];
  return { parts, segments };
}

export async function segmentById(db: Executor, id: string) {
  const [row] = await db
    .select({ segment: recordingSegments, part: recordingParts })
    .from(recordingSegments)
    .innerJoin(recordingParts, eq(recordingParts.id, recordingSegments.partId))
    .where(eq(recordingSegments.id, id));
  return row;
}

/** Every speech of the session that began, in order. */
export async function speechesOf(db: Executor, sessionId: string) {
  return db
    .select({
      entryId: speakerEntries.id,
      code: points.code,
      name: points.name,
      startedAt: speakerEntries.startedAt,
      endedAt: speakerEntries.endedAt,
    })
    .from(speakerEntries)
    .innerJoin(points, eq(points.id, speakerEntries.pointId))
    .where(and(eq(speakerEntries.sessionId, sessionId), isNotNull(speakerEntries.startedAt)))
    .orderBy(asc(speakerEntries.startedAt));
}
