import type { FastifyInstance } from 'fastify';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import { type AppSocket, afterAck, handle } from '../../realtime/dispatch.js';
import { actorOf } from '../audit/record.js';
import { type Principal, pointOnly } from '../auth/principal.js';
import { runsSession } from '../sessions/read.js';
import type { Speakers } from './plugin.js';
import type { EntryRow } from './register.js';
import { floorView, speechView } from './views.js';

const place = (e: EntryRow) => ({ entryId: e.id, position: e.position, status: e.status });

/**
 * The speaker register's socket events. Points ask, withdraw their own
 * request and may end their own speech; the session's chair, its moderators
 * and the secretariat order the queue and give and end the floor.
 */
export function attachSpeakerSockets(
  fastify: FastifyInstance,
  speakers: Speakers,
  log: Logger,
): void {
  const { db } = fastify.database;
  const { register } = speakers;
  const live = fastify.sessions;
  const defaults = fastify.config.scheduling.speech;

  const ranBy = async (principal: Principal, sessionId: string) =>
    (await live.ranBy(principal, sessionId)).row;

  fastify.connections.add({
    name: 'speakers',
    after: ['attendance'],
    attach: (socket: AppSocket) => {
      // The principal is read at each event: a role change or renewal replaces it.

      handle(socket, 'speaker:request', log, async ({ sessionId, ...input }) => {
        const { principal } = socket.data;
        const point = pointOnly(principal);
        const { row } = await live.readable(point, sessionId);
        const { entry, created } = await register.request(row, point.pointId, input);
        if (created) speakers.queueChanged(sessionId);
        return place(entry);
      });

      handle(socket, 'speaker:withdraw', log, async ({ sessionId, entryId }) => {
        const { principal } = socket.data;
        const point = pointOnly(principal);
        const { row } = await live.readable(point, sessionId);
        await register.withdraw(row, point.pointId, entryId);
        speakers.queueChanged(sessionId);
        return { withdrawn: true as const };
      });

      handle(socket, 'speaker:move', log, async ({ sessionId, entryId, position }) => {
        const { principal } = socket.data;
        const session = await ranBy(principal, sessionId);
        await register.move(session, actorOf(principal), entryId, position);
        speakers.queueChanged(sessionId);
        return { sessionId, ...(await register.state(session)) };
      });

      handle(socket, 'speaker:invite', log, async ({ sessionId, pointCode, ...input }) => {
        const { principal } = socket.data;
        const session = await ranBy(principal, sessionId);
        const entry = await register.invite(session, actorOf(principal), pointCode, input);
        speakers.queueChanged(sessionId);
        return place(entry);
      });

      handle(socket, 'speaker:reject', log, async ({ sessionId, entryId, reason }) => {
        const { principal } = socket.data;
        const session = await ranBy(principal, sessionId);
        await register.reject(session, actorOf(principal), entryId, reason);
        speakers.queueChanged(sessionId);
        return { rejected: true as const };
      });

      handle(socket, 'speaker:grant', log, async ({ sessionId, entryId, seconds }) => {
        const { principal } = socket.data;
        const session = await ranBy(principal, sessionId);
        const entry = await register.grant(
          session,
          actorOf(principal),
          entryId,
          seconds ?? session.speechSeconds ?? defaults.seconds,
        );
        // Acknowledged first, then everyone hears it (as in every module).
        afterAck(() => speakers.granted(entry, session));
        return floorView(entry, entry.code, entry.name, session.speechOverrun);
      });

      handle(socket, 'speaker:end', log, async ({ sessionId }) => {
        const { principal } = socket.data;
        const { row } = await live.readable(principal, sessionId);
        const state = await register.state(row);
        if (!state.current) throw new HttpProblem(409, ErrorCode.NO_FLOOR, 'Nobody has the floor.');
        const isSpeaker = principal.kind === 'point' && principal.pointCode === state.current.code;
        const runs = await runsSession(db, principal, row);
        if (!isSpeaker && !runs) {
          throw new HttpProblem(
            403,
            ErrorCode.FORBIDDEN,
            'Only the speaker or those running the session end a speech.',
          );
        }
        // The chair can always take the floor back.
        const reason =
          isSpeaker && !runs
            ? 'speaker'
            : principal.kind === 'user' && principal.id === row.chairId
              ? 'chair'
              : 'moderator';
        const entry = await register.end(
          sessionId,
          { actor: actorOf(principal), reason },
          { expected: state.current.entryId },
        );
        if (!entry) throw new HttpProblem(409, ErrorCode.NO_FLOOR, 'The floor changed meanwhile.');
        afterAck(() => speakers.ended(entry));
        return speechView(entry, entry.code, entry.name);
      });
    },
  });
}
