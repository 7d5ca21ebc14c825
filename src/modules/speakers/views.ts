// How clients see the speaker register: the queue and the floor, speeches,
// and a session's whole record. Reading only; changes are in register.ts.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { EndReason, Floor, QueueEntry, SpeakersRecord, Speech } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { agendaItems, points, speakerEntries } from '../../db/schema.js';
import type { SessionRow } from '../sessions/read.js';
import type { EntryRow } from './register.js';

const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

export async function queueState(
  db: Db,
  session: Pick<SessionRow, 'id' | 'speechOverrun'>,
): Promise<{ current: Floor | null; queue: QueueEntry[] }> {
  const rows = await db
    .select({ entry: speakerEntries, code: points.code, name: points.name })
    .from(speakerEntries)
    .innerJoin(points, eq(points.id, speakerEntries.pointId))
    .where(
      and(
        eq(speakerEntries.sessionId, session.id),
        inArray(speakerEntries.status, ['queued', 'speaking']),
      ),
    )
    .orderBy(asc(speakerEntries.position));
  const speaking = rows.find((r) => r.entry.status === 'speaking');
  return {
    current: speaking
      ? floorView(speaking.entry, speaking.code, speaking.name, session.speechOverrun)
      : null,
    queue: rows
      .filter((r) => r.entry.status === 'queued')
      .map(({ entry: e, code, name }) => ({
        entryId: e.id,
        code,
        name,
        position: e.position as number,
        topic: e.topic,
        agendaPosition: e.agendaPosition,
        origin: e.origin as QueueEntry['origin'],
        requestedAt: e.requestedAt.toISOString(),
      })),
  };
}

export async function speakersRecord(db: Db, session: SessionRow): Promise<SpeakersRecord> {
  const [state, spoken, lapsed, agenda] = await Promise.all([
    queueState(db, session),
    db
      .select({ entry: speakerEntries, code: points.code, name: points.name })
      .from(speakerEntries)
      .innerJoin(points, eq(points.id, speakerEntries.pointId))
      .where(and(eq(speakerEntries.sessionId, session.id), eq(speakerEntries.status, 'spoken')))
      .orderBy(asc(speakerEntries.startedAt)),
    db
      .select({ entry: speakerEntries, code: points.code, name: points.name })
      .from(speakerEntries)
      .innerJoin(points, eq(points.id, speakerEntries.pointId))
      .where(and(eq(speakerEntries.sessionId, session.id), eq(speakerEntries.status, 'lapsed')))
      .orderBy(asc(speakerEntries.requestedAt)),
    db
      .select()
      .from(agendaItems)
      .where(eq(agendaItems.sessionId, session.id))
      .orderBy(asc(agendaItems.position)),
  ]);
  const history = spoken.map(({ entry, code, name }) => speechView(entry, code, name));
  return {
    sessionId: session.id,
    ...state,
    history,
    unheard: lapsed.map(({ entry: e, code, name }) => ({
      entryId: e.id,
      code,
      name,
      topic: e.topic,
      agendaPosition: e.agendaPosition,
      origin: e.origin as QueueEntry['origin'],
      requestedAt: e.requestedAt.toISOString(),
    })),
    agenda: agenda.map((a) => ({
      position: a.position,
      title: a.title,
      plannedSpeeches: a.plannedSpeeches,
      actualSpeeches: history.filter((h) => h.agendaPosition === a.position).length,
    })),
  };
}

export function floorView(e: EntryRow, code: string, name: string, overrun: string): Floor {
  return {
    entryId: e.id,
    code,
    name,
    topic: e.topic,
    agendaPosition: e.agendaPosition,
    startedAt: (e.startedAt as Date).toISOString(),
    endsAt: (e.endsAt as Date).toISOString(),
    seconds: e.grantedSeconds as number,
    overrun: overrun as Floor['overrun'],
  };
}

export function speechView(e: EntryRow, code: string, name: string): Speech {
  const startedAt = e.startedAt as Date;
  const endedAt = e.endedAt as Date;
  return {
    entryId: e.id,
    code,
    name,
    topic: e.topic,
    agendaPosition: e.agendaPosition,
    grantedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    seconds: seconds(startedAt, endedAt),
    grantedSeconds: e.grantedSeconds as number,
    endReason: e.endReason as EndReason,
  };
}
