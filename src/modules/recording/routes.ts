import os from 'node:os';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  RecordingIndexSchema,
  RecordingSettingsSchema,
  RecordingStatusSchema,
} from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import { readableSession, runsSession } from '../sessions/read.js';
import { statusView } from './service.js';
import { loadState, partsOf, segmentById, speechesOf } from './store.js';
import { buildIndex } from './timeline.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** A segment's link in the index works this long without a header (a <video> cannot send one). */
const LINK_SECONDS = 6 * 3600;

/**
 * Recording: its status and control for those running a session, the index
 * of a session's recording (parts, segments, speeches) and the files, with
 * HTTP Range for players.
 */
export default async function recordingRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const { dir } = fastify.config.recording;
  // Only reply.sendFile (send's Range and ETag handling); nothing is served by itself.
  // (Its root is only a default: every call names RECORDINGS_DIR, which may not exist yet.)
  await fastify.register(fastifyStatic, { root: os.tmpdir(), serve: false });

  const running = async (request: FastifyRequest, id: string) => {
    const principal = principalOf(request);
    const session = await readableSession(db, principal, id);
    if (!(await runsSession(db, principal, session)))
      throw new HttpProblem(
        403,
        ErrorCode.FORBIDDEN,
        'Only those running the session control its recording.',
      );
    return { session, actor: actorOf(principal) };
  };
  const staff = access.roles('secretariat', 'chair', 'moderator', 'observer');
  const runners = access.roles('secretariat', 'chair', 'moderator');

  fastify.get(
    '/api/v1/sessions/:id/recording',
    {
      config: { access: staff },
      schema: {
        tags: ['recording'],
        summary:
          "The session's recording status (off, starting, recording since…, failed with the reason)",
        description:
          'Changes arrive live as recording:status on the socket (people in the session).',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: RecordingStatusSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return statusView(await loadState(db, session.id));
    },
  );

  for (const action of ['start', 'stop'] as const)
    fastify.post(
      `/api/v1/sessions/:id/recording/${action}`,
      {
        config: { access: runners },
        schema: {
          tags: ['recording'],
          summary:
            action === 'start'
              ? 'Start recording the live session (the hall and the floor holder, audio mixed); it resumes by itself after a worker or server restart'
              : 'Stop recording; the files written so far stay',
          description:
            action === 'start'
              ? '409 SESSION_NOT_LIVE before the session is live; 409 RECORDING_NOT_WRITABLE or RECORDING_DISK_FULL when the storage cannot take it (RECORDINGS_DIR, RECORDING_MIN_FREE_MB).'
              : undefined,
          security: [{ bearer: [] }],
          params: Params,
          response: { 200: RecordingStatusSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { session, actor } = await running(request, request.params.id);
        return action === 'start'
          ? fastify.recording.start(session.id, actor)
          : fastify.recording.stop(session.id, actor);
      },
    );

  fastify.put(
    '/api/v1/sessions/:id/recording/settings',
    {
      config: { access: runners },
      schema: {
        tags: ['recording'],
        summary: 'Whether the session records by itself when it goes live',
        security: [{ bearer: [] }],
        params: Params,
        body: RecordingSettingsSchema,
        response: { 200: RecordingStatusSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { session, actor } = await running(request, request.params.id);
      return fastify.recording.setAutomatic(session.id, request.body.recordAutomatically, actor);
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/recordings',
    {
      config: { access: staff },
      schema: {
        tags: ['recording'],
        summary:
          "The session's recording: parts (one per ffmpeg run), their segments, total length, gaps, and every speech of the register with its start and end in the recording",
        description: `Offsets count from the start of the first part with the gaps left out; each also names its part, segment and the offset within that segment. Segment URLs carry a token valid ${LINK_SECONDS / 3600} h, for players that cannot send a header.`,
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: RecordingIndexSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      const [state, { parts, segments }, speeches] = await Promise.all([
        loadState(db, session.id),
        partsOf(db, session.id),
        speechesOf(db, session.id),
      ]);
      return buildIndex({
        status: statusView(state),
        parts,
        segments,
        speeches,
        segmentUrl: (id) =>
          `/api/v1/recordings/${id}?token=${fastify.jwt.sign({ seg: id }, { expiresIn: LINK_SECONDS })}`,
      });
    },
  );

  fastify.get(
    '/api/v1/recordings/:id',
    {
      // Checked here: a bearer token of a person, or the link's own token (?token=).
      config: { access: access.public },
      schema: {
        tags: ['recording'],
        summary: 'A recording segment (WebM: VP8 + Opus), with HTTP Range (206) for players',
        description:
          'Bearer token of the secretariat, a chair, a moderator or an observer, or the `token` of the URL the index gives. `?download=1` answers it as an attachment.',
        params: Params,
        querystring: Type.Object({
          token: Type.Optional(Type.String({ maxLength: 2000 })),
          download: Type.Optional(Type.Enum(['1', 'true'])),
        }),
        produces: ['video/webm'],
        response: { ...problemResponses(401, 403, 404, 416) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await authorizeFile(fastify, request, id);
      const found = await segmentById(db, id);
      if (!found) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such recording.');
      const file = path.join(found.part.dir, found.segment.file);
      if (request.query.download) {
        const name = `ghi-hinh-${found.part.sessionId.slice(0, 8)}-phan-${found.part.seq}-${found.segment.file}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
      }
      return reply.sendFile(file, dir, {
        acceptRanges: true,
        cacheControl: false,
        dotfiles: 'deny',
      });
    },
  );
}

async function authorizeFile(fastify: FastifyInstance, request: FastifyRequest, id: string) {
  const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (header) {
    const principal = await fastify.auth.authenticate(header);
    if (!principal)
      throw new HttpProblem(401, ErrorCode.UNAUTHORIZED, 'The token is invalid or revoked.');
    if (principal.kind !== 'user')
      throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Point credentials may not use this route.');
    return;
  }
  const token = (request.query as { token?: string }).token;
  if (!token) throw new HttpProblem(401, ErrorCode.UNAUTHORIZED, 'A bearer token is required.');
  try {
    const claims = fastify.jwt.verify<{ seg?: string }>(token);
    if (claims.seg === id) return;
  } catch {
    // expired or forged: refused below
  }
  throw new HttpProblem(
    401,
    ErrorCode.UNAUTHORIZED,
    'The link has expired; open the recording again.',
  );
}
