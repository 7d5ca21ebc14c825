import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { speakerEntries } from '../../db/schema.js';
import { recordAudit, systemActor } from '../audit/record.js';
import { phase } from '../sessions/lifecycle.js';
import { findSession, findSessions } from '../sessions/read.js';
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
    const [entry] = await tx
      .select()
      .from(speakerEntries)
      .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'speaking')))
      .for('update');
    let ended: NamedEntry | null = null;
    if (entry) {
      const overrun = (await findSession(tx, sessionId))?.speechOverrun;
      const limitFirst = overrun === 'end' && entry.endsAt !== null && entry.endsAt < at;
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
  const open = await db
    .selectDistinct({ sessionId: speakerEntries.sessionId })
    .from(speakerEntries)
    .where(inArray(speakerEntries.status, ['queued', 'speaking']));
  const over = (
    await findSessions(
      db,
      open.map((o) => o.sessionId),
    )
  ).filter((s) => phase.over(s.status));
  return over.map((s) => ({ sessionId: s.id, at: s.endedAt ?? s.cancelledAt ?? s.updatedAt }));
}
