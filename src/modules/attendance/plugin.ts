import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PointAttendance } from '../../contract/index.js';
import { untilDone } from '../../db/retry.js';
import { rooms } from '../../realtime/dispatch.js';
import { phase } from '../sessions/lifecycle.js';
import { invitedPoints } from '../sessions/read.js';
import { AnswerBatches } from './answer-batches.js';
import type { BoardContext } from './board.js';
import { AttendanceBroadcaster } from './broadcaster.js';
import { PresenceTracker } from './presence.js';
import { forPoints, RollCallManager } from './rollcall.js';
import { hallConnected } from './service.js';
import { attachSessionSockets, type SnapshotPart } from './socket.js';

export type NetworkSource = (sessionId: string, pointId: string) => PointAttendance['network'];

export interface AttendanceLive {
  presence: PresenceTracker;
  rollCalls: RollCallManager;
  /** Adds a part to every session snapshot. */
  addSnapshotPart(part: SnapshotPart): void;
  /** Where the board gets live media figures of points. */
  setNetworkSource(source: NetworkSource): void;
  /** The board context for a session (connected points, rules, media figures). */
  boardContext(sessionId: string): BoardContext;
  /** Call after changing a point's attendance so the readiness board updates. */
  changed(sessionId: string, pointId: string): void;
  /** Moves with every change of the session's board (and every successful HTTP write). */
  boardVersion(sessionId: string): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    attendance: AttendanceLive;
  }
}

/**
 * The live side of a briefing: session rooms, presence, check-in, test runs
 * and roll calls over socket.io, with state in the database. On start, what a
 * crash left behind is settled: open intervals close at their last-seen time
 * and open roll calls get their timers back.
 */
export default fp(
  async function attendanceLive(fastify: FastifyInstance) {
    const { db } = fastify.database;
    const rules = fastify.config.attendance;
    const log = fastify.log.child({ component: 'attendance' });
    const io = fastify.io;

    const abandoned = await PresenceTracker.closeAbandoned(db);
    if (abandoned > 0)
      log.warn(
        { intervals: abandoned },
        'closed connection intervals left open at their last-seen time',
      );

    const presence = new PresenceTracker(db, log);
    let networkSource: NetworkSource = () => null;
    const boardContext = (sessionId: string): BoardContext => ({
      rules,
      isConnected: (pointId) => presence.isConnected(sessionId, pointId),
      networkOf: (pointId) => networkSource(sessionId, pointId),
    });
    const broadcaster = new AttendanceBroadcaster(db, io, presence, boardContext, log);
    const rollCalls = new RollCallManager(db, log, (view) => {
      io.to(rooms.staff(view.sessionId)).emit('rollcall:closed', view);
      io.to(rooms.session(view.sessionId))
        .except(rooms.staff(view.sessionId))
        .emit('rollcall:closed', forPoints(view));
      fastify.events.publish('rollcall.closed', {
        sessionId: view.sessionId,
        rollCallId: view.rollCallId,
        answered: view.answeredCount,
        invited: view.invitedCount,
        at: view.closedAt ? new Date(view.closedAt) : new Date(),
      });
    });
    const reopened = await rollCalls.recover();
    if (reopened > 0) log.info({ rollCalls: reopened }, 'roll calls resumed');

    const { sessions } = fastify;
    const answers = new AnswerBatches(io);
    const snapshotParts: SnapshotPart[] = [];
    attachSessionSockets({
      db,
      io,
      connections: fastify.connections,
      rules,
      boardContext,
      presence,
      sessions,
      rollCalls,
      broadcaster,
      snapshotParts,
      answers,
      log,
      events: fastify.events,
    });

    fastify.events.on('session.status', async ({ sessionId, status, at, reason }) => {
      io.to(rooms.session(sessionId)).emit('session:status', {
        sessionId,
        status,
        at: at.toISOString(),
        ...(reason ? { reason } : {}),
      });
      // Over: leaving from now on is not a disconnect, and time stops counting.
      if (!phase.attendable(status)) {
        await presence.endSession(sessionId, at);
        broadcaster.changedAll(sessionId);
      }
      // Check-in opened with the central hall already connected: it is present.
      if (phase.checkInOpen(status)) {
        await untilDone(
          async () => {
            const live = await sessions.get(sessionId);
            for (const hall of live ? await invitedPoints(db, sessionId, 'central-hall') : []) {
              if (!live || !presence.isConnected(sessionId, hall.id)) continue;
              const point = { pointId: hall.id, pointCode: hall.code };
              if (await hallConnected(db, rules, live.row, point))
                broadcaster.changed(sessionId, hall.id);
            }
          },
          { log, what: 'marking the connected central hall present', context: { sessionId } },
        );
      }
    });

    const flush = setInterval(() => {
      presence.flush().catch((err) => log.error({ err }, 'presence flush failed'));
    }, rules.presenceFlushSeconds * 1000);
    flush.unref();

    fastify.decorate('attendance', {
      presence,
      rollCalls,
      addSnapshotPart: (part) => snapshotParts.push(part),
      setNetworkSource: (source) => {
        networkSource = source;
      },
      boardContext,
      changed: (sessionId, pointId) => broadcaster.changed(sessionId, pointId),
      boardVersion: (sessionId) => `${httpWrites}.${broadcaster.version(sessionId)}`,
    } satisfies AttendanceLive);
    // A write through HTTP (a credential issued, a point renamed, a session
    // edited) may show on any board: the boards' versions move with it.
    let httpWrites = 0;
    // onSend: before the answer leaves, so a read that follows it sees the new version.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
        httpWrites++;
      return payload;
    });

    // Runs before io's and db's onClose: sockets are already disconnected
    // (io preClose), the database is still open.
    fastify.addHook('onClose', async () => {
      clearInterval(flush);
      broadcaster.stop();
      answers.stop();
      rollCalls.stop();
      await presence.closeAll();
      log.info('presence closed');
    });
  },
  {
    name: 'attendance',
    dependencies: ['config', 'db', 'io', 'events', 'sessions', 'auth-live'],
    fastify: '5.x',
  },
);
