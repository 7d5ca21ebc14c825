import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sessions, speakerEntries } from '../../db/schema.js';
import { recordAudit, systemActor } from '../audit/record.js';
import { statusesOf } from '../sessions/lifecycle.js';
import type { EntryRow, NamedEntry } from './register.js';
import { lockSession, named } from './statements.js';

/**
 * The register when its session is over (ended or cancelled): the speech in
 * progress ends, requests still queued lapse. Without this the record would
 * show requests "queued" for ever and a speaker who never stopped.
 */

/**
 * Ends the speech in progress (reason 'session'; or 'time' at its limit, if
 * that passed first and the session ends speeches at the limit) and lets the
 * queued requests lapse. Idempotent. Answers the speech it ended, if any.
 */
export async function closeRegister(
  db: Db,
  sessionId: string,
  at: Date,
): Promise<NamedEntry | null> {
  return db.transaction(async (tx) => {
    await lockSession(tx, sessionId);
    const [speaking] = await tx
      .select({ entry: speakerEntries, overrun: sessions.speechOverrun })
      .from(speakerEntries)
      .innerJoin(sessions, eq(sessions.id, speakerEntries.sessionId))
      .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'speaking')))
      .for('update', { of: speakerEntries });
    let ended: NamedEntry | null = null;
    if (speaking) {
      const { entry } = speaking;
      const limitFirst = speaking.overrun === 'end' && entry.endsAt !== null && entry.endsAt < at;
      const endedAt = limitFirst ? (entry.endsAt as Date) : at;
      const reason = limitFirst ? 'time' : 'session';
      const [row] = await tx
        .update(speakerEntries)
        .set({ status: 'spoken', endedAt, endReason: reason, decidedBy: systemActor.name })
        .where(eq(speakerEntries.id, entry.id))
        .returning();
      await recordAudit(tx, systemActor, {
        action: 'speaker.end',
        entityType: 'speaker-entry',
        entityId: entry.id,
        sessionId,
        before: { status: 'speaking' },
        after: { status: 'spoken', endedAt, reason },
      });
      ended = await named(tx, row as EntryRow);
    }
    await tx
      .update(speakerEntries)
      .set({ status: 'lapsed', position: null, endedAt: at })
      .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'queued')));
    return ended;
  });
}

/** Sessions that are over but still have a queue or a speaker (the server stopped in between). */
export async function unsettledRegisters(db: Db): Promise<Array<{ sessionId: string; at: Date }>> {
  const rows = await db
    .selectDistinct({
      sessionId: sessions.id,
      endedAt: sessions.endedAt,
      cancelledAt: sessions.cancelledAt,
      updatedAt: sessions.updatedAt,
    })
    .from(speakerEntries)
    .innerJoin(sessions, eq(sessions.id, speakerEntries.sessionId))
    .where(
      and(
        inArray(speakerEntries.status, ['queued', 'speaking']),
        inArray(sessions.status, statusesOf('over')),
      ),
    );
  return rows.map((r) => ({
    sessionId: r.sessionId,
    at: r.endedAt ?? r.cancelledAt ?? r.updatedAt,
  }));
}
