import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { access, type Principal, principalOf } from '../auth/principal.js';
import { requirePoint } from '../points/service.js';
import { readableSession, sessionDetail } from '../sessions/read.js';
import { feedKey, feedPrincipal, feedSessions, ownerOf, rotateFeedKey } from './feeds.js';
import { type CalendarEntry, calendar } from './ics.js';

const security = [{ bearer: [] }];
const FeedUrl = Type.Object({
  url: Type.String({ description: 'subscribe to this in a calendar program; keep it private' }),
});

/**
 * Invitations as calendar files: one session's `.ics`, and a feed per point
 * and per person that calendar programs subscribe to by a secret URL.
 */
export default async function invitationRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const { convener } = fastify.config.scheduling;

  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const openUrl = (request: FastifyRequest, principal: Principal, sessionId: string) =>
    `${origin(request)}/${principal.kind === 'point' ? 'point' : 'desk'}/${sessionId}`;
  const feedUrl = (request: FastifyRequest, key: string) =>
    `${origin(request)}/api/v1/feeds/${key}.ics`;
  const sendCalendar = (reply: FastifyReply, filename: string, text: string) =>
    reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(text as never);

  fastify.get(
    '/api/v1/sessions/:id/invitation.ics',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['sessions'],
        summary: 'The invitation as an iCalendar file (convener, chair, agenda, time)',
        description:
          'For any person, and for the points invited once the session is announced. Times in UTC; the description gives them in Vietnam time.',
        security,
        produces: ['text/calendar'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.String(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      const detail = await sessionDetail(db, session);
      const entry: CalendarEntry = {
        session: { ...detail, convener },
        url: openUrl(request, principal, session.id),
      };
      return sendCalendar(reply, `giao-ban-${session.id}.ics`, calendar([entry], detail.title));
    },
  );

  fastify.get(
    '/api/v1/calendar-feed',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['sessions'],
        summary: "The caller's own calendar feed URL (a point's invitations, a person's sessions)",
        security,
        response: { 200: FeedUrl, ...problemResponses(401) },
      },
    },
    async (request) => ({
      url: feedUrl(request, await feedKey(db, ownerOf(principalOf(request)))),
    }),
  );

  fastify.post(
    '/api/v1/calendar-feed/rotate',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['sessions'],
        summary: 'A new feed URL for the caller; the old one stops working',
        security,
        response: { 200: FeedUrl, ...problemResponses(401) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const key = await rotateFeedKey(db, ownerOf(principal));
      request.log.info({ owner: ownerOf(principal) }, 'calendar feed rotated');
      return { url: feedUrl(request, key) };
    },
  );

  fastify.get(
    '/api/v1/points/:code/calendar-feed',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['points'],
        summary: "A point's calendar feed URL, to hand to its operators",
        security,
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: FeedUrl, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const point = await requirePoint(db, request.params.code);
      return { url: feedUrl(request, await feedKey(db, { pointId: point.id })) };
    },
  );

  fastify.get(
    '/api/v1/feeds/:file',
    {
      config: { access: access.public },
      schema: {
        tags: ['sessions'],
        summary: 'A calendar feed (the secret URL is the credential)',
        produces: ['text/calendar'],
        params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}\\.ics$' }) }),
        response: { 200: Type.String(), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const key = request.params.file.slice(0, -'.ics'.length);
      const principal = await feedPrincipal(db, key);
      if (!principal) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such calendar feed.');
      const details = await feedSessions(db, principal);
      const entries = details.map((detail) => ({
        session: { ...detail, convener },
        url: openUrl(request, principal, detail.id),
      }));
      const name =
        principal.kind === 'point'
          ? `Giao ban — ${principal.pointName}`
          : `Giao ban — ${principal.displayName ?? principal.username}`;
      return sendCalendar(reply, 'giao-ban.ics', calendar(entries, name));
    },
  );
}
