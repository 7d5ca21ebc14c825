// Statements every change to the register shares: the session's lock, the
// entry locked for update, closing a gap in the positions, and the entry with
// its point's names read in the change's own transaction.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/executor.js';
import { speakerEntries } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { pointNames } from '../points/service.js';
import { statusOf } from '../sessions/read.js';
import type { EntryRow, NamedEntry } from './register.js';

export const conflict = (code: ErrorCode, detail: string) => new HttpProblem(409, code, detail);
const notFound = () => new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such entry in this session.');

/** Every change to a session's queue or floor runs under this lock: positions stay 1..n. */
export async function lockSession(tx: Executor, sessionId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`speakers:${sessionId}`}, 0))`,
  );
}

/**
 * Under the session's lock: the session must still be in one of `allowed`
 * as stored now. The row a handler read before (cached) may predate the end
 * of the session, and closing the register at the end takes the same lock:
 * nothing may join the queue or take the floor after it. Read by a statement
 * of its own, so that its snapshot is taken after the lock was granted.
 */
export async function requireStatusLocked(
  tx: Executor,
  sessionId: string,
  allowed: readonly string[],
  what: string,
): Promise<void> {
  const status = await statusOf(tx, sessionId);
  if (!status || !allowed.includes(status)) {
    throw conflict(ErrorCode.SESSION_NOT_LIVE, `${what} while the session is ${status ?? 'gone'}.`);
  }
}

export async function queuedCount(tx: Executor, sessionId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(speakerEntries)
    .where(and(eq(speakerEntries.sessionId, sessionId), eq(speakerEntries.status, 'queued')));
  return row?.n ?? 0;
}

/** Closes the gap an entry leaves at `position` (the unique constraint is checked at commit). */
export async function closeGap(tx: Tx, sessionId: string, position: number) {
  await tx
    .update(speakerEntries)
    .set({ position: sql`${speakerEntries.position} - 1` })
    .where(
      and(
        eq(speakerEntries.sessionId, sessionId),
        eq(speakerEntries.status, 'queued'),
        sql`${speakerEntries.position} > ${position}`,
      ),
    );
}

export async function lockedEntry(tx: Tx, sessionId: string, entryId: string): Promise<EntryRow> {
  const [entry] = await tx
    .select()
    .from(speakerEntries)
    .where(and(eq(speakerEntries.id, entryId), eq(speakerEntries.sessionId, sessionId)))
    .for('update');
  if (!entry) throw notFound();
  return entry;
}

/**
 * The entry with its point's names, read in the change's own transaction: what
 * follows the commit (the ack, the broadcast, the clock) needs no further
 * query that could fail after the change is already stored.
 */
export async function named(tx: Executor, entry: EntryRow): Promise<NamedEntry> {
  const point = await pointNames(tx, entry.pointId);
  if (!point) throw new Error(`point ${entry.pointId} vanished`);
  return { ...entry, ...point };
}

export function requireQueued(entry: EntryRow): asserts entry is EntryRow & { position: number } {
  if (entry.status !== 'queued' || entry.position === null) {
    throw conflict(ErrorCode.NOT_QUEUED, `The entry is ${entry.status}, not in the queue.`);
  }
}

/**
 * A point's request joins the queue at the end, in one statement under the
 * session's lock: nothing is inserted when the point already has an open
 * entry (queued or speaking). Answers the new entry, or undefined.
 */
export async function insertRequest(
  tx: Tx,
  sessionId: string,
  pointId: string,
  input: { topic?: string | undefined; agendaPosition?: number | undefined },
  now: Date,
): Promise<EntryRow | undefined> {
  const [inserted] = (await tx
    .insert(speakerEntries)
    .select(
      tx
        .select({
          id: sql`gen_random_uuid()`.as('id'),
          sessionId: sql`${sessionId}::uuid`.as('session_id'),
          pointId: sql`${pointId}::uuid`.as('point_id'),
          status: sql`'queued'::speaker_status`.as('status'),
          position:
            sql`(select count(*)::int + 1 from ${speakerEntries} where ${speakerEntries.sessionId} = ${sessionId} and ${speakerEntries.status} = 'queued')`.as(
              'position',
            ),
          topic: sql`${input.topic ?? null}::text`.as('topic'),
          agendaPosition: sql`${input.agendaPosition ?? null}::int`.as('agenda_position'),
          origin: sql`'request'`.as('origin'),
          requestedAt: sql`${now}::timestamptz`.as('requested_at'),
          startedAt: sql`null`.as('started_at'),
          endsAt: sql`null`.as('ends_at'),
          grantedSeconds: sql`null`.as('granted_seconds'),
          warnedAt: sql`null`.as('warned_at'),
          endedAt: sql`null`.as('ended_at'),
          endReason: sql`null`.as('end_reason'),
          decidedBy: sql`null`.as('decided_by'),
        })
        .from(sql`(select 1) as one`)
        .where(
          sql`not exists (select 1 from ${speakerEntries} where ${speakerEntries.sessionId} = ${sessionId} and ${speakerEntries.pointId} = ${pointId} and ${speakerEntries.status} in ('queued', 'speaking'))`,
        ),
    )
    .returning()) as EntryRow[];
  return inserted;
}

/** The point's open entry (queued or speaking) in the session, if any. */
export async function openEntryOf(
  tx: Executor,
  sessionId: string,
  pointId: string,
): Promise<EntryRow | undefined> {
  const [entry] = await tx
    .select()
    .from(speakerEntries)
    .where(
      and(
        eq(speakerEntries.sessionId, sessionId),
        eq(speakerEntries.pointId, pointId),
        inArray(speakerEntries.status, ['queued', 'speaking']),
      ),
    );
  return entry;
}
