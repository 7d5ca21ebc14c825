import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AttendanceSummary } from '../../contract/index.js';
import { loadBoard } from '../attendance/board.js';
import { summarise } from '../attendance/figures.js';
import type { SessionRow } from '../sessions/read.js';
import { sessionDetail } from '../sessions/read.js';
import { speakersRecord } from '../speakers/views.js';
import { gatherExtra, type RecordExtra } from './gather-extra.js';

/**
 * Everything the session's record (biên bản) states, as plain data: the PDF
 * is drawn from it and its SHA-256 (over this JSON) is printed in the PDF,
 * so the content of a copy can be checked later against the data kept.
 * Field order is fixed by construction; JSON.stringify keeps it.
 */
export interface RecordData {
  session: {
    id: string;
    title: string;
    kind: string;
    status: string;
    startsAt: string;
    endsAt: string;
    startedAt: string | null;
    endedAt: string | null;
    convener: string;
    chair: string | null;
    moderators: string[];
  };
  agenda: Array<{
    position: number;
    title: string;
    presenter: string | null;
    plannedMinutes: number | null;
    plannedSpeeches: number | null;
    actualSpeeches: number;
  }>;
  summary: AttendanceSummary;
  points: Array<{
    code: string;
    name: string;
    status: 'present' | 'late' | 'absent' | 'excused';
    checkedInAt: string | null;
    delegates: string[];
    absentReason: string | null;
    connectedSeconds: number;
    disconnects: number;
  }>;
  rollCalls: Array<{
    startedAt: string;
    deadlineAt: string;
    answered: number;
    invited: number;
    missing: string[];
  }>;
  speeches: Array<{
    code: string;
    name: string;
    topic: string | null;
    agendaPosition: number | null;
    grantedAt: string;
    endedAt: string;
    seconds: number;
    endReason: string;
    /** Where the speech begins in the recording, seconds; null when it was not recorded. */
    recordingOffset: number | null;
  }>;
  unheard: Array<{ code: string; name: string; topic: string | null }>;
  /** Materials and their receipts, the points' reports, the chair's conclusions. */
  extra: RecordExtra;
}

export async function gatherRecord(
  fastify: FastifyInstance,
  session: SessionRow,
): Promise<RecordData> {
  const { db } = fastify.database;
  const [detail, rows, rollCalls, speakers, extra] = await Promise.all([
    sessionDetail(db, session),
    loadBoard(db, session, fastify.attendance.boardContext(session.id)),
    fastify.attendance.rollCalls.list(session.id),
    speakersRecord(db, session),
    gatherExtra(db, session.id),
  ]);
  const nameOf = new Map(rows.map((r) => [r.code, r.name]));
  const person = (u: { username: string; displayName: string | null }) =>
    u.displayName ?? u.username;
  const actual = new Map(speakers.agenda.map((a) => [a.position, a.actualSpeeches]));
  return {
    session: {
      id: session.id,
      title: session.title,
      kind: session.kind,
      status: session.status,
      startsAt: detail.startsAt,
      endsAt: detail.endsAt,
      startedAt: detail.startedAt,
      endedAt: detail.endedAt,
      convener: fastify.config.scheduling.convener,
      chair: detail.chair ? person(detail.chair) : null,
      moderators: detail.moderators.map(person),
    },
    agenda: detail.agenda.map((a) => ({
      position: a.position,
      title: a.title,
      presenter: a.presenter,
      plannedMinutes: a.plannedMinutes,
      plannedSpeeches: a.plannedSpeeches,
      actualSpeeches: actual.get(a.position) ?? 0,
    })),
    summary: summarise(rows),
    points: [...rows]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({
        code: r.code,
        name: r.name,
        status: r.status,
        checkedInAt: r.checkedInAt,
        delegates: r.delegates.map((d) => (d.title ? `${d.name} (${d.title})` : d.name)),
        absentReason: r.absentReason,
        connectedSeconds: r.connectedSeconds,
        disconnects: r.disconnects,
      })),
    rollCalls: rollCalls
      .filter((c) => c.closedAt !== null)
      .map((c) => ({
        startedAt: c.startedAt,
        deadlineAt: c.deadlineAt,
        answered: c.answeredCount,
        invited: c.invitedCount,
        missing: c.notAnswered.map((code) => nameOf.get(code) ?? code),
      })),
    speeches: speakers.history.map((h) => ({
      code: h.code,
      name: h.name,
      topic: h.topic,
      agendaPosition: h.agendaPosition,
      grantedAt: h.grantedAt,
      endedAt: h.endedAt,
      seconds: h.seconds,
      endReason: h.endReason,
      recordingOffset: extra.recording?.speechOffsets[h.entryId] ?? null,
    })),
    unheard: speakers.unheard.map((u) => ({ code: u.code, name: u.name, topic: u.topic })),
    extra,
  };
}

/** SHA-256 (hex) of the record's content: the JSON the PDF is drawn from. */
export function contentHash(data: RecordData): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}
