import { and, eq, sql } from 'drizzle-orm';
import type { EndReason, Floor, QueueEntry, SpeakersRecord } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/executor.js';
import { speakerEntries, speakerRequestKeys } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { isCheckedIn } from '../attendance/service.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { liftSilence } from '../media/microphones.js';
import { phase, statusesOf } from '../sessions/lifecycle.js';
import { invitedPointId, type SessionRow } from '../sessions/read.js';
import {
  closeGap,
  conflict,
  insertRequest,
  lockedEntry,
  lockSession,
  named,
  openEntryOf,
  queuedCount,
  requireQueued,
  requireStatusLocked,
} from './statements.js';
import { queueState, speakersRecord } from './views.js';

export type EntryRow = typeof speakerEntries.$inferSelect;
/** An entry with its point's code and name, which every floor event carries. */
export type NamedEntry = EntryRow & { code: string; name: string };

/**
 * The speaker register of every session: requests, the ordered queue the
 * moderators control, and the floor. State lives in speaker_entries; this
 * class only reads and writes it, one transaction per change.
 */
export class SpeakerRegister {
  constructor(private readonly db: Db) {}

  // ---- reading -----------------------------------------------------------

  /** The floor and the queue, as clients see them. */
  state(
    session: Pick<SessionRow, 'id' | 'speechOverrun'>,
  ): Promise<{ current: Floor | null; queue: QueueEntry[] }> {
    return queueState(this.db, session);
  }

  /** The session's whole register: floor, queue, the speeches given, the agenda's counts. */
  record(session: SessionRow): Promise<SpeakersRecord> {
    return speakersRecord(this.db, session);
  }

  async entry(entryId: string): Promise<NamedEntry | undefined> {
    const [row] = await this.db.select().from(speakerEntries).where(eq(speakerEntries.id, entryId));
    return row && named(this.db, row);
  }

  /** The point holding the floor in a session, if any (the media plane routes by it). */
  async floorHolder(sessionId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ pointId: speakerEntries.pointId })
      .from(speakerEntries)
      .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'speaking')));
    return row?.pointId ?? null;
  }

  /** Every speech in progress, in every session (timers are rebuilt from these after a start). */
  async speaking(): Promise<EntryRow[]> {
    return this.db.select().from(speakerEntries).where(eq(speakerEntries.status, 'speaking'));
  }

  // ---- points ------------------------------------------------------------

  /**
   * An invited, checked-in point asks for the floor. At most one open entry
   * per point: a repeat returns it. The same `key` twice is one request,
   * whatever became of it.
   */
  async request(
    session: SessionRow,
    pointId: string,
    input: {
      topic?: string | undefined;
      agendaPosition?: number | undefined;
      key?: string | undefined;
    },
    now = new Date(),
  ): Promise<{ entry: EntryRow; created: boolean }> {
    if (!phase.acceptsRequests(session.status)) {
      throw conflict(
        ErrorCode.SESSION_NOT_LIVE,
        `No requests while the session is ${session.status}.`,
      );
    }
    await this.#requireCheckedIn(session.id, pointId);
    return this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      await requireStatusLocked(tx, session.id, statusesOf('open'), 'No requests');
      if (input.key) {
        const [keyed] = await tx
          .select({ entry: speakerEntries })
          .from(speakerRequestKeys)
          .innerJoin(speakerEntries, eq(speakerEntries.id, speakerRequestKeys.entryId))
          .where(
            and(
              eq(speakerRequestKeys.sessionId, session.id),
              eq(speakerRequestKeys.pointId, pointId),
              eq(speakerRequestKeys.key, input.key),
            ),
          );
        if (keyed) return { entry: keyed.entry, created: false };
      }
      const inserted = await insertRequest(tx, session.id, pointId, input, now);
      const entry = inserted ?? (await openEntryOf(tx, session.id, pointId));
      if (!entry) throw new Error('insert returned nothing');
      // The key now means this entry, whatever becomes of it.
      if (input.key) {
        await tx
          .insert(speakerRequestKeys)
          .values({ sessionId: session.id, pointId, key: input.key, entryId: entry.id });
      }
      return { entry, created: inserted !== undefined };
    });
  }

  /** The requesting point takes its request back. */
  async withdraw(session: SessionRow, pointId: string, entryId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      const entry = await lockedEntry(tx, session.id, entryId);
      if (entry.pointId !== pointId) {
        throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Only the point that asked can withdraw.');
      }
      requireQueued(entry);
      await tx
        .update(speakerEntries)
        .set({ status: 'withdrawn', position: null })
        .where(eq(speakerEntries.id, entryId));
      await closeGap(tx, session.id, entry.position);
    });
  }

  // ---- moderators --------------------------------------------------------

  /** A moderator puts a point that did not ask into the queue (at `position`, default last). */
  async invite(
    session: SessionRow,
    actor: Actor,
    pointCode: string,
    input: {
      topic?: string | undefined;
      agendaPosition?: number | undefined;
      position?: number | undefined;
    },
    now = new Date(),
  ): Promise<EntryRow> {
    if (!phase.acceptsRequests(session.status)) {
      throw conflict(
        ErrorCode.SESSION_NOT_LIVE,
        `No invitations while the session is ${session.status}.`,
      );
    }
    const pointId = await invitedPointId(this.db, session.id, pointCode);
    if (!pointId)
      throw new HttpProblem(
        404,
        ErrorCode.NOT_FOUND,
        `${pointCode} is not invited to this session.`,
      );
    const point = { id: pointId };
    await this.#requireCheckedIn(session.id, point.id);
    return this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      await requireStatusLocked(tx, session.id, statusesOf('open'), 'No invitations');
      const open = await openEntryOf(tx, session.id, point.id);
      if (open) throw conflict(ErrorCode.ALREADY_QUEUED, `${pointCode} is already ${open.status}.`);
      const last = (await queuedCount(tx, session.id)) + 1;
      const [entry] = await tx
        .insert(speakerEntries)
        .values({
          sessionId: session.id,
          pointId: point.id,
          status: 'queued',
          position: last,
          topic: input.topic ?? null,
          agendaPosition: input.agendaPosition ?? null,
          origin: 'invited',
          requestedAt: now,
          decidedBy: actor.name,
        })
        .returning();
      if (!entry) throw new Error('insert returned nothing');
      const placed =
        input.position && input.position < last
          ? await this.#move(tx, entry, input.position)
          : entry;
      await recordAudit(tx, actor, {
        action: 'speaker.invite',
        entityType: 'speaker-entry',
        entityId: entry.id,
        sessionId: session.id,
        after: { point: pointCode, position: placed.position, topic: entry.topic },
      });
      return placed;
    });
  }

  /** Moves a queued entry to `position` (beyond the end: last); the others shift. */
  async move(
    session: SessionRow,
    actor: Actor,
    entryId: string,
    position: number,
  ): Promise<EntryRow> {
    return this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      const entry = await lockedEntry(tx, session.id, entryId);
      requireQueued(entry);
      const moved = await this.#move(tx, entry, position);
      await recordAudit(tx, actor, {
        action: 'speaker.move',
        entityType: 'speaker-entry',
        entityId: entryId,
        sessionId: session.id,
        before: { position: entry.position },
        after: { position: moved.position },
      });
      return moved;
    });
  }

  async #move(tx: Tx, entry: EntryRow, wanted: number): Promise<EntryRow> {
    const from = entry.position as number;
    const to = Math.min(wanted, await queuedCount(tx, entry.sessionId));
    if (to === from) return entry;
    const queued = and(
      eq(speakerEntries.sessionId, entry.sessionId),
      eq(speakerEntries.status, 'queued'),
    );
    const p = speakerEntries.position;
    await tx
      .update(speakerEntries)
      .set({ position: to < from ? sql`${p} + 1` : sql`${p} - 1` })
      .where(
        and(
          queued,
          to < from ? sql`${p} >= ${to} and ${p} < ${from}` : sql`${p} > ${from} and ${p} <= ${to}`,
        ),
      );
    const [moved] = await tx
      .update(speakerEntries)
      .set({ position: to })
      .where(eq(speakerEntries.id, entry.id))
      .returning();
    return moved as EntryRow;
  }

  async reject(
    session: SessionRow,
    actor: Actor,
    entryId: string,
    reason: string | undefined,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      const entry = await lockedEntry(tx, session.id, entryId);
      requireQueued(entry);
      await tx
        .update(speakerEntries)
        .set({
          status: 'rejected',
          position: null,
          endReason: reason ?? null,
          decidedBy: actor.name,
        })
        .where(eq(speakerEntries.id, entryId));
      await closeGap(tx, session.id, entry.position);
      await recordAudit(tx, actor, {
        action: 'speaker.reject',
        entityType: 'speaker-entry',
        entityId: entryId,
        sessionId: session.id,
        before: { status: 'queued', position: entry.position },
        after: { status: 'rejected', position: null, reason: reason ?? null },
      });
    });
  }

  /**
   * Gives the floor to a queued entry for `seconds`. One speaker at a time.
   * A fresh grant also lifts a moderator's earlier silencing of the point's
   * microphone, in the same transaction.
   */
  async grant(
    session: SessionRow,
    actor: Actor,
    entryId: string,
    grantSeconds: number,
    now = new Date(),
  ): Promise<NamedEntry> {
    if (!phase.floorOpen(session.status)) {
      throw conflict(
        ErrorCode.SESSION_NOT_LIVE,
        `The floor can be given only while the session is live, not ${session.status}.`,
      );
    }
    return this.db.transaction(async (tx) => {
      await lockSession(tx, session.id);
      await requireStatusLocked(tx, session.id, statusesOf('live'), 'The floor cannot be given');
      const [speaking] = await tx
        .select({ id: speakerEntries.id })
        .from(speakerEntries)
        .where(
          and(eq(speakerEntries.sessionId, session.id), eq(speakerEntries.status, 'speaking')),
        );
      if (speaking)
        throw conflict(ErrorCode.FLOOR_BUSY, 'Someone has the floor; end that speech first.');
      const entry = await lockedEntry(tx, session.id, entryId);
      requireQueued(entry);
      const [granted] = await tx
        .update(speakerEntries)
        .set({
          status: 'speaking',
          position: null,
          startedAt: now,
          endsAt: new Date(now.getTime() + grantSeconds * 1000),
          grantedSeconds: grantSeconds,
          decidedBy: actor.name,
        })
        .where(eq(speakerEntries.id, entryId))
        .returning();
      await closeGap(tx, session.id, entry.position);
      await liftSilence(tx, session.id, entry.pointId);
      await recordAudit(tx, actor, {
        action: 'speaker.grant',
        entityType: 'speaker-entry',
        entityId: entryId,
        sessionId: session.id,
        before: { status: 'queued', position: entry.position },
        after: { status: 'speaking', startedAt: now, seconds: grantSeconds },
      });
      return named(tx, granted as EntryRow);
    });
  }

  /**
   * Ends the current speech (`expected`: only if it is still that one, for
   * timers). Returns the ended entry, or null when nobody had the floor.
   */
  async end(
    sessionId: string,
    by: { actor: Actor; reason: EndReason },
    options: { expected?: string; at?: Date } = {},
  ): Promise<NamedEntry | null> {
    return this.db.transaction(async (tx) => {
      await lockSession(tx, sessionId);
      const [speaking] = await tx
        .select()
        .from(speakerEntries)
        .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'speaking')))
        .for('update');
      if (!speaking || (options.expected && speaking.id !== options.expected)) return null;
      const endedAt = options.at ?? new Date();
      const [ended] = await tx
        .update(speakerEntries)
        .set({ status: 'spoken', endedAt, endReason: by.reason, decidedBy: by.actor.name })
        .where(eq(speakerEntries.id, speaking.id))
        .returning();
      await recordAudit(tx, by.actor, {
        action: 'speaker.end',
        entityType: 'speaker-entry',
        entityId: speaking.id,
        sessionId,
        before: { status: 'speaking' },
        after: { status: 'spoken', endedAt, reason: by.reason },
      });
      return named(tx, ended as EntryRow);
    });
  }

  async markWarned(entryId: string, at = new Date()): Promise<void> {
    await this.db
      .update(speakerEntries)
      .set({ warnedAt: at })
      .where(eq(speakerEntries.id, entryId));
  }

  async #requireCheckedIn(sessionId: string, pointId: string) {
    if (!(await isCheckedIn(this.db, sessionId, pointId)))
      throw conflict(ErrorCode.NOT_CHECKED_IN, 'The point has not checked in.');
  }
}
