import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { MaterialListSchema, MaterialReceiptsSchema } from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import { findSession, readableSession } from '../sessions/read.js';
import { FileCache } from './file-cache.js';
import { readUpload, sendFile } from './files.js';
import reportRoutes from './report-routes.js';
import {
  findVersion,
  listMaterials,
  receipts,
  recordReceipt,
  upload,
  withdraw,
} from './service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const MaterialParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  materialId: Type.String({ format: 'uuid' }),
});
const security = [{ bearer: [] }];
/** The broadcaster's "every point's row": a material's count changes every row of the board. */
const EVERY_POINT = '*';
const Created = Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer() });
const uploadDescription =
  'multipart/form-data: `file` (PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF, WebP; extension and content must agree) and `title`. Larger than MATERIAL_MAX_MB: 413 FILE_TOO_LARGE; another type: 415 FILE_TYPE_NOT_ALLOWED.';

/**
 * Materials of a session: the secretariat uploads documents and new
 * versions; invited points download the current version, and each point's
 * first download of each version is its receipt (on the readiness board).
 * Files live in PostgreSQL (stored_files), so any node serves them.
 */
export default async function materialRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const maxBytes = fastify.config.materials.maxBytes;
  const log = fastify.log.child({ component: 'materials' });
  // A few of the largest files at once: what a session's points download together.
  const files = new FileCache(Math.max(256 * 1024 * 1024, 4 * maxBytes));
  // Only this scope parses multipart bodies; size limits are per upload (readUpload).
  await fastify.register(multipart, { limits: { fileSize: maxBytes } });

  async function sessionForUpload(id: string) {
    const session = await findSession(db, id);
    if (!session) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
    return session;
  }

  fastify.post(
    '/api/v1/sessions/:id/materials',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['materials'],
        summary: 'Secretariat: attach a document to the session (its version 1)',
        description: uploadDescription,
        security,
        params: IdParams,
        response: {
          201: Created,
          ...problemResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const session = await sessionForUpload(request.params.id);
      const { fields, file } = await readUpload(request, maxBytes);
      if (!file) throw new HttpProblem(400, ErrorCode.FILE_MISSING, 'Choose a file to upload.');
      const title = (fields.title ?? '').normalize('NFC').trim().slice(0, 300) || file.name;
      const created = await upload(db, actorOf(principalOf(request)), session.id, { title, file });
      log.info({ sessionId: session.id, materialId: created.id }, 'material uploaded');
      fastify.attendance.changed(session.id, EVERY_POINT);
      return reply.code(201).send(created);
    },
  );

  fastify.post(
    '/api/v1/sessions/:id/materials/:materialId/versions',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['materials'],
        summary: 'Secretariat: a new version of a material; earlier versions are kept',
        description: uploadDescription,
        security,
        params: MaterialParams,
        response: { 201: Created, ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const session = await sessionForUpload(request.params.id);
      const { file } = await readUpload(request, maxBytes);
      if (!file) throw new HttpProblem(400, ErrorCode.FILE_MISSING, 'Choose a file to upload.');
      const created = await upload(db, actorOf(principalOf(request)), session.id, {
        materialId: request.params.materialId,
        file,
      });
      log.info({ sessionId: session.id, ...created }, 'material version uploaded');
      // Every point's "received" count may drop: the new version is not yet received.
      fastify.attendance.changed(session.id, EVERY_POINT);
      return reply.code(201).send(created);
    },
  );

  fastify.delete(
    '/api/v1/sessions/:id/materials/:materialId',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['materials'],
        summary: 'Secretariat: withdraw a material (kept for the record, hidden from points)',
        security,
        params: MaterialParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const session = await sessionForUpload(request.params.id);
      await withdraw(db, actorOf(principalOf(request)), session.id, request.params.materialId);
      fastify.attendance.changed(session.id, EVERY_POINT);
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/materials',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['materials'],
        summary:
          "The session's materials: people see every version and withdrawn ones; an invited point the current version of each live material and when it received it",
        security,
        params: IdParams,
        response: { 200: MaterialListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      const viewer = principal.kind === 'point' ? { pointId: principal.pointId } : null;
      return { materials: await listMaterials(db, session.id, viewer) };
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/materials/:materialId/download',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['materials'],
        summary:
          "Download a material (current version; people may ask for `?version=n`). A point's first download of each version is recorded as its receipt.",
        security,
        params: MaterialParams,
        querystring: Type.Object({
          version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
        }),
        produces: ['application/octet-stream'],
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      const forPoint = principal.kind === 'point';
      const version = await findVersion(
        db,
        session.id,
        request.params.materialId,
        request.query.version,
        forPoint,
      );
      const file = await files.get(db, version.fileId);
      // A HEAD (Fastify answers it with this handler) fetches no file: no receipt.
      const received = forPoint && request.method === 'GET';
      if (received && (await recordReceipt(db, version.id, principal.pointId))) {
        log.info(
          { sessionId: session.id, pointId: principal.pointId, versionId: version.id },
          'material received',
        );
        fastify.attendance.changed(session.id, principal.pointId);
      }
      return sendFile(reply, file, version.fileName);
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/materials/receipts',
    {
      config: { access: access.users },
      schema: {
        tags: ['materials'],
        summary: 'Per invited point: which versions it received and when',
        security,
        params: IdParams,
        response: { 200: MaterialReceiptsSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return receipts(db, session.id);
    },
  );

  await fastify.register(reportRoutes, { maxBytes });
}
