import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CreateSessionBody,
  DuplicateSessionBody,
  SessionListQuery,
  SessionSchema,
  SessionSummarySchema,
  StatusChangeBody,
  UpdateSessionBody,
} from '../../contract/index.js';
import { problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import { duplicateSession } from './duplicate.js';
import { listSessions, readableSession, type SessionRow, sessionDetail } from './read.js';
import { changeStatus, createSession, updateSession } from './write.js';

const security = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Scheduling: sessions, their invitations, agenda and lifecycle. */
export default async function sessionRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const rules = fastify.config.scheduling;
  const detail = async (session: SessionRow) => ({
    ...(await sessionDetail(db, session)),
    convener: rules.convener,
  });

  fastify.post(
    '/api/v1/sessions',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['sessions'],
        summary: 'Schedule a session',
        description:
          'Invites every active point unless `invitedPointCodes` is given. Refused with 409 SESSION_CLASH when an invited point (the central hall included) is in another overlapping session that is not cancelled, and with 422 NOTICE_TOO_SHORT inside the minimum notice unless `urgent`. `draft: true` books nothing until moved to `scheduled`.',
        security,
        body: CreateSessionBody,
        response: { 201: SessionSchema, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const session = await createSession(db, actorOf(principalOf(request)), request.body, rules);
      return reply.code(201).send(await detail(session));
    },
  );

  fastify.post(
    '/api/v1/sessions/:id/duplicate',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['sessions'],
        summary: 'Schedule a copy of a session at new times (e.g. next month’s briefing)',
        description:
          'Copies kind, title (unless given), agenda, chair, moderators, speech rules, urgency and the invited points that are still active. Without `endsAt` the copy lasts as long as the original. Booked like a new session: 409 SESSION_CLASH, 422 NOTICE_TOO_SHORT.',
        security,
        params: IdParams,
        body: DuplicateSessionBody,
        response: { 201: SessionSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const source = await readableSession(db, principal, request.params.id);
      const copy = await duplicateSession(db, actorOf(principal), source, request.body, rules);
      request.log.info({ sessionId: copy.id, from: source.id }, 'session duplicated');
      return reply.code(201).send(await detail(copy));
    },
  );

  fastify.get(
    '/api/v1/sessions',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['sessions'],
        summary: 'Sessions overlapping a time range, soonest first',
        description: 'A point credential sees only the sessions its point is invited to.',
        security,
        querystring: SessionListQuery,
        response: {
          200: Type.Object({ sessions: Type.Array(SessionSummarySchema) }),
          ...problemResponses(400, 401),
        },
      },
      // `status=a,b` as well as `status=a&status=b`.
      preValidation: async (request) => {
        const query = request.query as Record<string, unknown>;
        if (typeof query.status === 'string') query.status = query.status.split(',');
      },
    },
    async (request) => ({
      sessions: await listSessions(db, principalOf(request), request.query),
    }),
  );

  fastify.get(
    '/api/v1/sessions/:id',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['sessions'],
        summary: 'One session with its chair, moderators, agenda and invited points',
        security,
        params: IdParams,
        response: { 200: SessionSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return detail(session);
    },
  );

  fastify.patch(
    '/api/v1/sessions/:id',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['sessions'],
        summary: 'Change a session before it goes live',
        description:
          'Lists given here replace the old ones. New times or invitations are checked for clashes; moving the start earlier needs the minimum notice unless urgent.',
        security,
        params: IdParams,
        body: UpdateSessionBody,
        response: { 200: SessionSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const session = await updateSession(
        db,
        actorOf(principalOf(request)),
        request.params.id,
        request.body,
        rules,
      );
      fastify.events.publish('session.updated', { sessionId: session.id });
      return detail(session);
    },
  );

  fastify.post(
    '/api/v1/sessions/:id/status',
    {
      config: { access: access.users },
      schema: {
        tags: ['sessions'],
        summary: 'Move a session along its lifecycle',
        description:
          'draft → scheduled → checkin → live → ended → archived; cancelled from any state before ended. The chair and the moderators of the session may open check-in, go live and end; the rest is the secretariat’s. An illegal move is 409 ILLEGAL_TRANSITION; check-in earlier than CHECKIN_WINDOW_MINUTES before the start is 409 CHECKIN_TOO_EARLY; a cancellation needs a `reason`.',
        security,
        params: IdParams,
        body: StatusChangeBody,
        response: { 200: SessionSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const session = await changeStatus(
        db,
        principal,
        actorOf(principal),
        request.params.id,
        request.body,
        rules,
      );
      fastify.events.publish('session.status', {
        sessionId: session.id,
        status: session.status,
        at: session.updatedAt,
        reason: session.cancelReason,
      });
      return detail(session);
    },
  );
}
