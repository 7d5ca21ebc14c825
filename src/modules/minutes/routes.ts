import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  ApproveBodySchema,
  ConclusionsSchema,
  ConclusionVersionSchema,
  SaveTextBodySchema,
  type SessionTextDocument,
  SessionTextSchema,
} from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { access, type Principal, principalOf, type UserPrincipal } from '../auth/principal.js';
import { readableSession, runsSession, type SessionRow } from '../sessions/read.js';
import { approve, latestVersion, readText, saveText, versions } from './service.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** Room for the text at its limit, in JSON with escapes. */
const SAVE_BODY_LIMIT = 2 * 1024 * 1024;

const forbidden = (detail: string) => new HttpProblem(403, ErrorCode.FORBIDDEN, detail);

/**
 * Minutes and conclusions of a session. The minutes are the people's working
 * notes (points never see them); the conclusions are published to every
 * point once the session's chair approves them.
 */
export default async function minutesRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;

  /** Who keeps the texts: the secretariat, the session's chair and its moderators. */
  async function writer(principal: Principal, session: SessionRow): Promise<UserPrincipal> {
    if (principal.kind !== 'user' || !(await runsSession(db, principal, session)))
      throw forbidden(
        'Only the secretariat, the chair or a moderator of this session can write its minutes and conclusions.',
      );
    return principal;
  }

  const saveRoute = (document: SessionTextDocument, url: string, summary: string) =>
    fastify.put(
      url,
      {
        config: { access: access.users },
        bodyLimit: SAVE_BODY_LIMIT,
        schema: {
          tags: ['minutes'],
          summary,
          description:
            'The whole text with the `revision` it was based on. Answers the stored text with its new revision; a save from an older revision answers 409 MINUTES_CONFLICT with `current` (text, revision, who saved it): merge and save again from that revision. The other desks of the session get `minutes:saved`.',
          security: [{ bearer: [] }],
          params: Params,
          body: SaveTextBodySchema,
          response: { 200: SessionTextSchema, ...problemResponses(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const session = await readableSession(db, principal, request.params.id);
        const user = await writer(principal, session);
        const { text, changed } = await saveText(db, session.id, document, user, request.body);
        if (changed) fastify.minutes.saved(text);
        return text;
      },
    );

  fastify.get(
    '/api/v1/sessions/:id/minutes',
    {
      config: { access: access.users },
      schema: {
        tags: ['minutes'],
        summary: 'The minutes of a session: text, revision, and who saved lately (people only)',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: SessionTextSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return readText(db, session.id, 'minutes');
    },
  );

  saveRoute(
    'minutes',
    '/api/v1/sessions/:id/minutes',
    'Saves the minutes (secretariat, the chair or moderators of the session)',
  );
  saveRoute(
    'conclusions',
    '/api/v1/sessions/:id/conclusions/draft',
    'Saves the draft of the conclusions (secretariat, the chair or moderators of the session)',
  );

  fastify.get(
    '/api/v1/sessions/:id/conclusions',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['minutes'],
        summary:
          'The latest approved conclusions; for people also every version and the current draft',
        description:
          'Points invited to the session read `published` only; other sessions answer 404. New versions arrive live as `conclusions:published`.',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: ConclusionsSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      if (principal.kind === 'point')
        return { sessionId: session.id, published: await latestVersion(db, session.id) };
      const all = await versions(db, session.id);
      return {
        sessionId: session.id,
        published: all[0] ?? null,
        versions: all,
        draft: await readText(db, session.id, 'conclusions'),
      };
    },
  );

  fastify.post(
    '/api/v1/sessions/:id/conclusions/approve',
    {
      config: { access: access.users },
      schema: {
        tags: ['minutes'],
        summary: "The session's chair approves the draft and publishes it to every console",
        description:
          'The draft at `revision` becomes the next version, immutable. A draft changed since that revision answers 409 MINUTES_CONFLICT; a draft identical to the latest version 409 CONCLUSIONS_UNCHANGED. Every console in the session gets `conclusions:published`.',
        security: [{ bearer: [] }],
        params: Params,
        body: ApproveBodySchema,
        response: {
          201: ConclusionVersionSchema,
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      if (
        principal.kind !== 'user' ||
        principal.role !== 'chair' ||
        session.chairId !== principal.id
      )
        throw forbidden('Only the chair of this session can approve its conclusions.');
      const version = await approve(db, session.id, principal, request.body.revision);
      request.log.info({ sessionId: session.id, version: version.version }, 'conclusions approved');
      fastify.minutes.published(version);
      return reply.code(201).send(version);
    },
  );
}
