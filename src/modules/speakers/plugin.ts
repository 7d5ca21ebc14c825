import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sessions as sessionsTable } from '../../db/schema.js';
import { rooms } from '../../realtime/dispatch.js';
import { systemActor } from '../audit/record.js';
import { findSession, type SessionRow } from '../sessions/read.js';
import { FloorClock, type TimedSpeech } from './floor-clock.js';
import { type EntryRow, SpeakerRegister } from './register.js';
import { attachSpeakerSockets } from './socket.js';
import { floorView, speechView } from './views.js';

/** Queue changes within these windows go out as one `speaker:queue`. */
const QUEUE_COALESCE_MS = 100;
const POINTS_QUEUE_COALESCE_MS = 1000;

export interface Speakers {
  register: SpeakerRegister;
  /** After a grant: tell everyone, start the clock, publish for the media plane. */
  granted(entry: EntryRow, session?: SessionRow): Promise<void>;
  /** After a speech ended (any reason). */
  ended(entry: EntryRow): Promise<void>;
  /** After any queue change. */
  queueChanged(sessionId: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    speakers: Speakers;
  }
}

/**
 * The speaker register on the live side: socket events, the floor clock,
 * broadcasts to the session room, and in-process floor events. Speeches in
 * progress get their timers back after a start, with the remaining time.
 */
export default fp(
  async function speakers(fastify: FastifyInstance) {
    const { db } = fastify.database;
    const io = fastify.io;
    const log = fastify.log.child({ component: 'speakers' });
    const register = new SpeakerRegister(db);

    const timed = (
      entry: EntryRow,
      s: { speechWarningSeconds: number; speechOverrun: string },
    ): TimedSpeech => ({
      sessionId: entry.sessionId,
      entryId: entry.id,
      endsAt: entry.endsAt as Date,
      warningSeconds: s.speechWarningSeconds,
      warnedAt: entry.warnedAt,
      overrun: s.speechOverrun === 'warn' ? 'warn' : 'end',
    });

    // The people running the session see every queue change within 100 ms;
    // the points (thousands, at national scale) at most once a second: each
    // broadcast is a write per socket, and a point learns its own place from
    // the answers to its own requests.
    const pending = new Map<string, NodeJS.Timeout>();
    function queueChanged(sessionId: string) {
      for (const [audience, delay] of [
        ['staff', QUEUE_COALESCE_MS],
        ['points', POINTS_QUEUE_COALESCE_MS],
      ] as const) {
        const key = `${audience}:${sessionId}`;
        if (pending.has(key)) continue;
        const timer = setTimeout(async () => {
          pending.delete(key);
          try {
            const session = await findSession(db, sessionId);
            if (!session) return;
            const state = await register.state(session);
            const target =
              audience === 'staff'
                ? io.to(rooms.staff(sessionId))
                : io.to(rooms.session(sessionId)).except(rooms.staff(sessionId));
            target.emit('speaker:queue', { sessionId, ...state });
          } catch (err) {
            log.error({ err, sessionId }, 'queue broadcast failed');
          }
        }, delay);
        timer.unref();
        pending.set(key, timer);
      }
    }

    async function granted(entry: EntryRow, known?: SessionRow) {
      const session = known ?? (await findSession(db, entry.sessionId));
      if (!session) return;
      const { code, name } = await register.pointName(entry.pointId);
      const floor = floorView(entry, code, name, session.speechOverrun);
      clock.schedule(timed(entry, session));
      io.to(rooms.session(entry.sessionId)).emit('floor:granted', {
        sessionId: entry.sessionId,
        ...floor,
      });
      fastify.events.publish('floor.granted', {
        sessionId: entry.sessionId,
        entryId: entry.id,
        pointId: entry.pointId,
        code,
        endsAt: entry.endsAt as Date,
      });
      log.info(
        { sessionId: entry.sessionId, point: code, seconds: entry.grantedSeconds },
        'floor granted',
      );
      queueChanged(entry.sessionId);
    }

    async function ended(entry: EntryRow) {
      clock.cancel(entry.sessionId);
      const { code, name } = await register.pointName(entry.pointId);
      const speech = speechView(entry, code, name);
      io.to(rooms.session(entry.sessionId)).emit('floor:ended', {
        sessionId: entry.sessionId,
        ...speech,
      });
      fastify.events.publish('floor.ended', {
        sessionId: entry.sessionId,
        entryId: entry.id,
        pointId: entry.pointId,
        code,
        reason: speech.endReason,
      });
      log.info(
        {
          sessionId: entry.sessionId,
          point: code,
          seconds: speech.seconds,
          reason: speech.endReason,
        },
        'floor ended',
      );
      queueChanged(entry.sessionId);
    }

    const clock = new FloorClock(
      {
        warn: async (speech, overrun) => {
          if (!overrun) await register.markWarned(speech.entryId);
          const entry = await register.entry(speech.entryId);
          if (entry?.status !== 'speaking') return; // ended meanwhile
          const { code } = await register.pointName(entry.pointId);
          io.to(rooms.session(speech.sessionId)).emit('floor:warning', {
            sessionId: speech.sessionId,
            entryId: speech.entryId,
            code,
            endsAt: speech.endsAt.toISOString(),
            remainingSeconds: Math.max(
              0,
              Math.round((speech.endsAt.getTime() - Date.now()) / 1000),
            ),
            overrun,
          });
          fastify.events.publish('floor.warning', {
            sessionId: speech.sessionId,
            entryId: speech.entryId,
            endsAt: speech.endsAt,
            overrun,
          });
        },
        timeUp: async (speech) => {
          const entry = await register.end(
            speech.sessionId,
            { actor: systemActor, reason: 'time' },
            { expected: speech.entryId, at: speech.endsAt },
          );
          if (entry) await ended(entry);
        },
      },
      log,
    );

    // Speeches in progress when the server stopped: their clocks resume with the remaining time.
    const speaking = await register.speaking();
    if (speaking.length > 0) {
      const rows = await db
        .select()
        .from(sessionsTable)
        .where(
          inArray(
            sessionsTable.id,
            speaking.map((e) => e.sessionId),
          ),
        );
      const bySession = new Map(rows.map((r) => [r.id, r]));
      for (const entry of speaking) {
        const session = bySession.get(entry.sessionId);
        if (session) clock.schedule(timed(entry, session));
      }
      log.info({ speeches: speaking.length }, 'floor clocks resumed');
    }

    fastify.attendance.addSnapshotPart(async (live) => {
      const state = await register.state(live.row);
      return { queue: state.queue, floor: state.current };
    });

    const api: Speakers = { register, granted, ended, queueChanged };
    fastify.decorate('speakers', api);
    attachSpeakerSockets(fastify, api, log);

    fastify.addHook('onClose', async () => {
      clock.stop();
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    });
  },
  { name: 'speakers', dependencies: ['db', 'io', 'events', 'attendance'], fastify: '5.x' },
);
