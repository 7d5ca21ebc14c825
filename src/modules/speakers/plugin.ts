import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { untilDone } from '../../db/retry.js';
import { rooms, seesBoard } from '../../realtime/dispatch.js';
import { systemActor } from '../audit/record.js';
import { phase } from '../sessions/lifecycle.js';
import { findSession, findSessions, type SessionRow } from '../sessions/read.js';
import { closeRegister, unsettledRegisters } from './closing.js';
import { FloorClock, type TimedSpeech } from './floor-clock.js';
import { pointQueue, queuedBeyondHead } from './queue-views.js';
import { type EntryRow, type NamedEntry, SpeakerRegister } from './register.js';
import { attachSpeakerSockets } from './socket.js';
import { floorView, speechView } from './views.js';

/** Queue changes within these windows go out as one `speaker:queue`. */
const QUEUE_COALESCE_MS = 100;
const POINTS_QUEUE_COALESCE_MS = 1000;

export interface Speakers {
  register: SpeakerRegister;
  /**
   * After a grant committed: tell everyone, start the clock, publish for the
   * media plane. Synchronous: nothing after the commit can fail the ack.
   */
  granted(
    entry: NamedEntry,
    session: Pick<SessionRow, 'speechOverrun' | 'speechWarningSeconds'>,
  ): void;
  /** After a speech ended (any reason), likewise. */
  ended(entry: NamedEntry): void;
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
    let stopped = false;
    function queueChanged(sessionId: string) {
      for (const [audience, delay] of [
        ['staff', QUEUE_COALESCE_MS],
        ['points', POINTS_QUEUE_COALESCE_MS],
      ] as const) {
        const key = `${audience}:${sessionId}`;
        if (pending.has(key)) continue;
        const timer = setTimeout(() => {
          pending.delete(key);
          // What the clients see must catch up with what is stored, even
          // when the read fails for a moment.
          void untilDone(
            async () => {
              const session = await findSession(db, sessionId);
              if (!session) return;
              const { current, queue } = await register.state(session);
              const length = queue.length;
              if (audience === 'staff') {
                io.to(rooms.staff(sessionId)).emit('speaker:queue', {
                  sessionId,
                  current,
                  queue,
                  length,
                });
                return;
              }
              // The points: the head to all at once; each point queued further
              // back the head and its own place, to its consoles alone.
              const beyond = queuedBeyondHead(queue);
              io.to(rooms.session(sessionId))
                .except([rooms.staff(sessionId), ...beyond.map((c) => rooms.point(sessionId, c))])
                .emit('speaker:queue', {
                  sessionId,
                  current,
                  queue: pointQueue(queue, null),
                  length,
                });
              for (const code of beyond)
                io.to(rooms.point(sessionId, code)).emit('speaker:queue', {
                  sessionId,
                  current,
                  queue: pointQueue(queue, code),
                  length,
                });
            },
            { log, what: 'queue broadcast', context: { sessionId }, stopped: () => stopped },
          );
        }, delay);
        timer.unref();
        pending.set(key, timer);
      }
    }

    function granted(
      entry: NamedEntry,
      session: Pick<SessionRow, 'speechOverrun' | 'speechWarningSeconds'>,
    ) {
      const { code, name } = entry;
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

    function ended(entry: NamedEntry) {
      clock.cancel(entry.sessionId);
      const { code, name } = entry;
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
          const { code } = entry;
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
          if (entry) ended(entry);
        },
      },
      log,
    );

    // A session is over: its speaker stops, its queue lapses (retried until stored).
    const closeRegisterOf = async (sessionId: string, at: Date) => {
      const speech = await untilDone(() => closeRegister(db, sessionId, at), {
        log,
        what: 'closing the register of a session that is over',
        context: { sessionId },
        stopped: () => stopped,
      });
      if (speech) ended(speech);
      else clock.cancel(sessionId);
      queueChanged(sessionId);
    };
    fastify.events.on('session.status', async ({ sessionId, status, at }) => {
      if (phase.over(status)) await closeRegisterOf(sessionId, at);
    });
    // Sessions that ended while the server was down (or before a close was stored).
    for (const { sessionId, at } of await unsettledRegisters(db)) {
      await closeRegister(db, sessionId, at);
      log.info({ sessionId }, 'register of a finished session closed');
    }

    // Speeches in progress when the server stopped: their clocks resume with the remaining time.
    const speaking = await register.speaking();
    if (speaking.length > 0) {
      const rows = await findSessions(
        db,
        speaking.map((e) => e.sessionId),
      );
      const bySession = new Map(rows.map((r) => [r.id, r]));
      for (const entry of speaking) {
        const session = bySession.get(entry.sessionId);
        if (session) clock.schedule(timed(entry, session));
      }
      log.info({ speeches: speaking.length }, 'floor clocks resumed');
    }

    fastify.attendance.addSnapshotPart(async (live, principal) => {
      const state = await register.state(live.row);
      const queue =
        principal.kind === 'user' || seesBoard(principal)
          ? state.queue
          : pointQueue(state.queue, principal.pointCode);
      return { queue, queueLength: state.queue.length, floor: state.current };
    });

    const api: Speakers = { register, granted, ended, queueChanged };
    fastify.decorate('speakers', api);
    attachSpeakerSockets(fastify, api, log);

    fastify.addHook('onClose', async () => {
      stopped = true;
      clock.stop();
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    });
  },
  { name: 'speakers', dependencies: ['db', 'io', 'events', 'attendance'], fastify: '5.x' },
);
