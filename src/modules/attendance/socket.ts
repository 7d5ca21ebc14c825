import type { AttendanceConfig } from '../../config.js';
import type { PointAttendance, SessionSnapshot } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { isTransientDbError } from '../../db/errors.js';
import { untilDone } from '../../db/retry.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import type { DomainEvents } from '../../plugins/events.js';
import type { ConnectionStages } from '../../realtime/connections.js';
import {
  type AppServer,
  type AppSocket,
  afterAck,
  enterSession,
  handle,
  leaveSession,
  rooms,
  seesBoard,
} from '../../realtime/dispatch.js';
import { actorOf } from '../audit/record.js';
import { type Principal, pointOnly } from '../auth/principal.js';
import type { LiveSession, SessionCache } from '../sessions/cache.js';
import { phase } from '../sessions/lifecycle.js';
import type { SessionRow } from '../sessions/read.js';
import type { AnswerBatches } from './answer-batches.js';
import { type BoardContext, loadBoard, loadSummary } from './board.js';
import type { AttendanceBroadcaster } from './broadcaster.js';
import { summarise } from './figures.js';
import type { PresenceTracker } from './presence.js';
import { forPoints, type RollCallManager } from './rollcall.js';
import { checkIn, hallConnected, recordTestRun, reportAbsence } from './service.js';

/** Another module's part of the session snapshot (the speaker register: queue and floor). */
export type SnapshotPart = (
  live: LiveSession,
  principal: Principal,
) => Promise<Partial<Pick<SessionSnapshot, 'queue' | 'queueLength' | 'floor' | 'conclusions'>>>;

export interface LiveDeps {
  db: Db;
  io: AppServer;
  connections: ConnectionStages;
  rules: AttendanceConfig;
  presence: PresenceTracker;
  sessions: SessionCache;
  rollCalls: RollCallManager;
  broadcaster: AttendanceBroadcaster;
  boardContext: (sessionId: string) => BoardContext;
  snapshotParts: SnapshotPart[];
  answers: AnswerBatches;
  log: Logger;
  /** Check-ins and absences are published here once stored (webhooks listen). */
  events: DomainEvents;
}

/**
 * Disconnects the server caused (shutdown, restart, kick) are not the point's.
 * 'forced close': the server closed the transports (graceful shutdown).
 */
const SERVER_REASONS = new Set([
  'server namespace disconnect',
  'server shutting down',
  'forced server close',
  'forced close',
]);

const SUMMARY_REUSE_MS = 500;
const closedMeanwhile = () =>
  new HttpProblem(409, ErrorCode.CONFLICT, 'The connection closed before the join completed.');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function attachSessionSockets(deps: LiveDeps): void {
  const { db, io, rules, presence, sessions, rollCalls, broadcaster, boardContext, answers } = deps;
  const pointRow = async (session: SessionRow, pointId: string): Promise<PointAttendance> => {
    const [row] = await loadBoard(db, session, boardContext(session.id), [pointId]);
    if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
    return row;
  };

  // A point's snapshot carries the session's summary; thousands of points
  // joining within a second share one count instead of one each.
  const summaries = new Map<string, { at: number; value: ReturnType<typeof loadSummary> }>();
  const summaryOf = (sessionId: string) => {
    const cached = summaries.get(sessionId);
    if (cached && Date.now() - cached.at < SUMMARY_REUSE_MS) return cached.value;
    const value = loadSummary(db, sessionId, presence.connectedCount(sessionId));
    summaries.set(sessionId, { at: Date.now(), value });
    value.catch(() => summaries.delete(sessionId));
    return value;
  };

  async function snapshot(principal: Principal, live: LiveSession): Promise<SessionSnapshot> {
    const session = live.row;
    const ctx = boardContext(session.id);
    const point = principal.kind === 'point' ? principal : undefined;
    // A point sees its own row; the hall, like the people, the whole board.
    const ownRowOnly = point && !seesBoard(principal) ? point : undefined;
    const [rows, summary, rollCall, parts] = await Promise.all([
      loadBoard(db, session, ctx, ownRowOnly ? [ownRowOnly.pointId] : undefined),
      ownRowOnly ? summaryOf(session.id) : undefined,
      point ? rollCalls.currentFor(session.id, point) : rollCalls.current(session.id),
      Promise.all(deps.snapshotParts.map((part) => part(live, principal))),
    ]);
    return {
      session: live.brief,
      attendance: { summary: summary ?? summarise(rows), points: rows },
      queue: [],
      floor: null,
      ...Object.assign({}, ...parts),
      rollCall,
    };
  }

  /**
   * Puts the socket in the session's rooms and, for a point, marks it
   * connected. A socket that closed while the session was being read is left
   * alone: its disconnect handler has already run and would never undo a
   * presence added after it (a point shown connected with no socket).
   */
  async function join(socket: AppSocket, sessionId: string): Promise<SessionSnapshot> {
    const { principal } = socket.data;
    const live = await sessions.readable(principal, sessionId);
    const session = live.row;
    if (!(await enterSession(socket, sessionId))) throw closedMeanwhile();
    // From here on a disconnect sees the session in the socket's list, and its
    // leave queues behind this join in the presence tracker.
    if (!socket.data.sessions.includes(sessionId)) socket.data.sessions.push(sessionId);
    if (principal.kind === 'point' && phase.attendable(session.status)) {
      const onTime = Date.now() <= session.startsAt.getTime() - rules.operatorDutyMinutes * 60_000;
      const connected = await presence.socketJoined(
        sessionId,
        principal.pointId,
        socket.id,
        onTime,
      );
      const present =
        principal.pointKind === 'central-hall' &&
        (await hallConnected(db, rules, session, principal));
      if (connected || present) broadcaster.changed(sessionId, principal.pointId);
    }
    return snapshot(principal, live);
  }

  /** The socket is no longer in the session: for a point, maybe no longer connected. */
  async function leave(socket: AppSocket, sessionId: string, dropped: boolean): Promise<void> {
    const { principal } = socket.data;
    if (principal.kind !== 'point') return;
    const gone = await presence.socketLeft(sessionId, principal.pointId, socket.id, dropped);
    if (gone) broadcaster.changed(sessionId, principal.pointId);
  }

  deps.connections.add({
    name: 'attendance',
    after: ['auth'],
    attach: (socket: AppSocket) => {
      // Read at each event, not once: a role change or a renewed token replaces it.
      const caller = () => socket.data.principal;
      const first = caller();
      const log = deps.log.child(
        first.kind === 'point'
          ? { socket: socket.id, point: first.pointCode }
          : { socket: socket.id, user: first.username },
      );

      handle(socket, 'session:join', log, ({ sessionId }) => join(socket, sessionId));

      handle(socket, 'session:leave', log, async ({ sessionId }) => {
        await leaveSession(socket, sessionId);
        socket.data.sessions = socket.data.sessions.filter((s) => s !== sessionId);
        await leave(socket, sessionId, false);
        return { left: true as const };
      });

      handle(socket, 'attendance:check-in', log, async ({ sessionId, delegates }) => {
        const point = pointOnly(caller());
        const { row: session } = await sessions.readable(point, sessionId);
        const at = new Date();
        await checkIn(db, rules, session, point, delegates, at);
        log.info({ sessionId, delegates: delegates.length }, 'checked in');
        broadcaster.changed(sessionId, point.pointId);
        const row = await pointRow(session, point.pointId);
        deps.events.publish('attendance.checked-in', {
          sessionId,
          pointId: point.pointId,
          code: point.pointCode,
          at,
          late: row.late,
          delegates: delegates.length,
        });
        return row;
      });

      handle(socket, 'attendance:absent', log, async ({ sessionId, reason }) => {
        const point = pointOnly(caller());
        const { row: session } = await sessions.readable(point, sessionId);
        const at = new Date();
        await reportAbsence(db, session, point, reason, at);
        log.info({ sessionId }, 'reported absent');
        broadcaster.changed(sessionId, point.pointId);
        deps.events.publish('attendance.absent', {
          sessionId,
          pointId: point.pointId,
          code: point.pointCode,
          at,
          reason,
        });
        return pointRow(session, point.pointId);
      });

      handle(socket, 'attendance:test-result', log, async (payload) => {
        const point = pointOnly(caller());
        const { row: session } = await sessions.readable(point, payload.sessionId);
        await recordTestRun(db, session, point.pointId, { ...payload, source: 'client' });
        log.info({ sessionId: session.id, passed: payload.passed }, 'test run recorded');
        broadcaster.changed(session.id, point.pointId);
        return pointRow(session, point.pointId);
      });

      handle(socket, 'rollcall:start', log, async ({ sessionId, seconds }) => {
        const principal = caller();
        const { row: session } = await sessions.ranBy(
          principal,
          sessionId,
          'Only those running the session start a roll call.',
        );
        const view = await rollCalls.start(session, actorOf(principal), seconds);
        afterAck(() => {
          io.to(rooms.staff(sessionId)).emit('rollcall:started', view);
          io.to(rooms.session(sessionId))
            .except(rooms.staff(sessionId))
            .emit('rollcall:started', forPoints(view));
        });
        return view;
      });

      handle(socket, 'rollcall:answer', log, async ({ sessionId, rollCallId }) => {
        const point = pointOnly(caller());
        const { row: session } = await sessions.readable(point, sessionId);
        const answeredAt = (
          await rollCalls.answer(session, rollCallId, point.pointId)
        ).toISOString();
        // Those running the session watch the answers arrive, in batches.
        afterAck(() => answers.add(sessionId, rollCallId, { code: point.pointCode, answeredAt }));
        return { answeredAt };
      });

      // socket.data.sessions stays as it is: socket.io keeps this very object
      // for connection-state recovery, and the recovered socket rejoins from it.
      socket.on('disconnect', (reason) => {
        const dropped = !SERVER_REASONS.has(reason);
        for (const sessionId of [...socket.data.sessions]) {
          void leave(socket, sessionId, dropped).catch((err) =>
            log.error({ err, sessionId }, 'leave failed'),
          );
        }
      });

      // Back into the session after any reconnection: rooms come back with
      // connection-state recovery, but presence and a fresh snapshot always
      // have to be re-established; without recovery, `auth.sessionId` says where.
      const wanted = socket.recovered
        ? [...socket.data.sessions]
        : [socket.handshake.auth?.sessionId]
            .filter((s): s is string => typeof s === 'string' && UUID.test(s))
            .map((s) => s.toLowerCase());
      // A database hiccup is waited out (the console would otherwise sit in no
      // session at all); a refusal (not invited, no such session) is final.
      for (const sessionId of wanted) {
        untilDone(() => join(socket, sessionId), {
          log,
          what: 'automatic rejoin',
          context: { sessionId },
          stopped: () => !socket.connected,
          rethrow: (err) => !isTransientDbError(err),
        })
          .then((snap) => {
            if (snap) socket.emit('session:snapshot', snap);
          })
          .catch((err) => {
            // A socket that closed meanwhile keeps its list for a recovery.
            if (socket.connected) {
              socket.data.sessions = socket.data.sessions.filter((s) => s !== sessionId);
            }
            log.info({ err: (err as Error).message, sessionId }, 'automatic rejoin refused');
          });
      }
    },
  });
}
