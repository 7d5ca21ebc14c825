import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RecordIssueSchema } from '../../contract/index.js';
import { sessionRecords, sessions } from '../../db/schema.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf, recordAudit } from '../audit/record.js';
import { access, type Principal, principalOf } from '../auth/principal.js';
import { findSession, type SessionRow } from '../sessions/read.js';
import { contentHash, gatherRecord } from './gather.js';
import { renderRecordPdf } from './pdf.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearer: [] }];
const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });

type RecordRow = Omit<typeof sessionRecords.$inferSelect, 'pdf'>;
const issueView = (r: RecordRow, stale?: boolean) => ({
  sessionId: r.sessionId,
  version: r.version,
  sha256: r.sha256,
  contentSha256: r.contentSha256,
  issuedAt: r.issuedAt.toISOString(),
  ...(stale === undefined ? {} : { stale }),
});
const meta = {
  sessionId: sessionRecords.sessionId,
  version: sessionRecords.version,
  sha256: sessionRecords.sha256,
  contentSha256: sessionRecords.contentSha256,
  issuedAt: sessionRecords.issuedAt,
  issuedBy: sessionRecords.issuedBy,
};

/**
 * The session's record (biên bản) as a PDF: issued (drawn and kept, with its
 * hashes) by the secretariat or the session's chair, downloadable by them;
 * each issue is a new version and earlier ones stay as they were.
 */
export default async function recordRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const log = fastify.log.child({ module: 'record' });

  /** The secretariat, or the chair of this session; anyone else: 404 as if it did not exist. */
  async function keeperSession(principal: Principal, id: string): Promise<SessionRow> {
    const session = await findSession(db, id);
    const allowed =
      principal.kind === 'user' &&
      (principal.role === 'secretariat' || session?.chairId === principal.id);
    if (!session || !allowed) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
    return session;
  }

  async function issue(session: SessionRow, principal: Principal | null) {
    const data = await gatherRecord(fastify, session);
    const contentSha256 = contentHash(data);
    const issuedAt = new Date();
    // Serialised per session by the row lock; the version is the next free one.
    return db.transaction(async (tx) => {
      await tx.execute(
        sql`select 1 from ${sessions} where ${sessions.id} = ${session.id} for update`,
      );
      const [last] = await tx
        .select({ version: sessionRecords.version })
        .from(sessionRecords)
        .where(eq(sessionRecords.sessionId, session.id))
        .orderBy(desc(sessionRecords.version))
        .limit(1);
      const version = (last?.version ?? 0) + 1;
      const pdf = await renderRecordPdf(data, { version, issuedAt, contentSha256 });
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const [row] = await tx
        .insert(sessionRecords)
        .values({
          sessionId: session.id,
          version,
          sha256,
          contentSha256,
          pdf,
          issuedAt,
          issuedBy: principal?.kind === 'user' ? principal.id : null,
        })
        .returning(meta);
      if (!row) throw new Error('record not stored');
      if (principal)
        await recordAudit(tx, actorOf(principal), {
          action: 'record.issue',
          entityType: 'session',
          entityId: session.id,
          sessionId: session.id,
          after: { version, sha256 },
        });
      return row;
    });
  }

  fastify.post(
    '/api/v1/sessions/:id/record',
    {
      config: { access: access.roles('secretariat', 'chair') },
      schema: {
        tags: ['record'],
        summary: 'Issue the session record (biên bản) as a new PDF version',
        description:
          'Draws the record from what is stored now (attendance, roll calls, speeches against the agenda…), keeps the PDF with its SHA-256 and the SHA-256 of its content (printed on every page), and publishes `record.ready`. Secretariat, or the chair of this session.',
        security,
        params: IdParams,
        response: { 201: RecordIssueSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const session = await keeperSession(principal, request.params.id);
      const row = await issue(session, principal);
      log.info({ sessionId: session.id, version: row.version }, 'record issued');
      fastify.events.publish('record.ready', {
        sessionId: session.id,
        sha256: row.sha256,
        at: row.issuedAt,
      });
      return reply.code(201).send(issueView(row));
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/record',
    {
      config: { access: access.roles('secretariat', 'chair') },
      schema: {
        tags: ['record'],
        summary: 'The issued versions of the record, newest first',
        description:
          '`stale` on the newest: the stored data has changed since it was issued (issue again to include it).',
        security,
        params: IdParams,
        response: {
          200: Type.Object({ versions: Type.Array(RecordIssueSchema) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const session = await keeperSession(principalOf(request), request.params.id);
      const rows = await db
        .select(meta)
        .from(sessionRecords)
        .where(eq(sessionRecords.sessionId, session.id))
        .orderBy(desc(sessionRecords.version));
      const [newest, ...older] = rows;
      if (!newest) return { versions: [] };
      const current = contentHash(await gatherRecord(fastify, session));
      return {
        versions: [
          issueView(newest, current !== newest.contentSha256),
          ...older.map((r) => issueView(r)),
        ],
      };
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/record.pdf',
    {
      config: { access: access.roles('secretariat', 'chair') },
      schema: {
        tags: ['record'],
        summary: 'Download the record (PDF): the newest version, or `version`',
        description:
          'Issues the first version if none exists yet. The bytes are those stored at issue, so their SHA-256 is the one listed.',
        security,
        params: IdParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Any({ description: 'application/pdf' }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const session = await keeperSession(principal, request.params.id);
      const pick = () =>
        db
          .select({ version: sessionRecords.version, pdf: sessionRecords.pdf })
          .from(sessionRecords)
          .where(
            request.query.version === undefined
              ? eq(sessionRecords.sessionId, session.id)
              : and(
                  eq(sessionRecords.sessionId, session.id),
                  eq(sessionRecords.version, request.query.version),
                ),
          )
          .orderBy(desc(sessionRecords.version))
          .limit(1);
      let [found] = await pick();
      if (!found && request.query.version === undefined) {
        const row = await issue(session, principal);
        fastify.events.publish('record.ready', {
          sessionId: session.id,
          sha256: row.sha256,
          at: row.issuedAt,
        });
        [found] = await pick();
      }
      if (!found) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such version of the record.');
      const name = `bien-ban-${session.startsAt.toISOString().slice(0, 10)}-v${found.version}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(found.pdf);
    },
  );

  fastify.get(
    '/api/v1/records/verify',
    {
      config: { access: access.users },
      schema: {
        tags: ['record'],
        summary:
          'Which issued record has this SHA-256 (of the PDF file, or of its printed content)',
        security,
        querystring: Type.Object({ sha256: Sha256 }),
        response: {
          200: Type.Object({
            matches: Type.Array(
              Type.Object({
                sessionId: Type.String({ format: 'uuid' }),
                title: Type.String(),
                version: Type.Integer(),
                issuedAt: Type.String({ format: 'date-time' }),
                matched: Type.Enum(['file', 'content']),
              }),
            ),
          }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) => {
      const hash = request.query.sha256.toLowerCase();
      const rows = await db
        .select({ ...meta, title: sessions.title })
        .from(sessionRecords)
        .innerJoin(sessions, eq(sessions.id, sessionRecords.sessionId))
        .where(sql`${sessionRecords.sha256} = ${hash} or ${sessionRecords.contentSha256} = ${hash}`)
        .orderBy(desc(sessionRecords.issuedAt))
        .limit(20);
      return {
        matches: rows.map((r) => ({
          sessionId: r.sessionId,
          title: r.title,
          version: r.version,
          issuedAt: r.issuedAt.toISOString(),
          matched: r.sha256 === hash ? ('file' as const) : ('content' as const),
        })),
      };
    },
  );
}
