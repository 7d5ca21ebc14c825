import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ReportDeadlineBodySchema, ReportListSchema } from '../../contract/index.js';
import { REPORT_TIME_ZONE } from '../../http/exports.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, pointOnly, principalOf } from '../auth/principal.js';
import { findSession, readableSession } from '../sessions/read.js';
import { contentDisposition, readUpload } from './files.js';
import { listReports, reportsZip, setDeadline, submitReport } from './reports.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearer: [] }];
const TEXT_MAX = 100_000;

/**
 * The points' written reports: a deadline per session, one current report
 * per point (a file and/or text; earlier ones kept), the secretariat's list
 * of who has and has not reported, and all of them as one zip.
 */
export default async function reportRoutes(instance: FastifyInstance, opts: { maxBytes: number }) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const log = fastify.log.child({ component: 'reports' });

  fastify.put(
    '/api/v1/sessions/:id/report-deadline',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['reports'],
        summary: "Secretariat: the deadline of the points' reports (null: none, all on time)",
        security,
        params: IdParams,
        body: ReportDeadlineBodySchema,
        response: {
          200: Type.Object({ deadline: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const session = await findSession(db, request.params.id);
      if (!session) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
      const deadline = request.body.deadline ? new Date(request.body.deadline) : null;
      await setDeadline(db, actorOf(principalOf(request)), session.id, deadline);
      return { deadline: deadline?.toISOString() ?? null };
    },
  );

  fastify.post(
    '/api/v1/sessions/:id/reports',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['reports'],
        summary:
          'Point: submit its report (multipart: `file` and/or `text`); replaces its earlier one, which is kept as history',
        description:
          'At least one of `file` (PDF, DOCX, XLSX, PPTX or an image) and `text`; neither: 400 REPORT_EMPTY. `onTime`: submitted by the deadline.',
        security,
        params: IdParams,
        response: {
          201: Type.Object({
            submittedAt: Type.String({ format: 'date-time' }),
            onTime: Type.Boolean(),
          }),
          ...problemResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const point = pointOnly(principal, 'Only a point submits a report.');
      const session = await readableSession(db, principal, request.params.id);
      const { fields, file } = await readUpload(request, opts.maxBytes);
      const text = (fields.text ?? '').normalize('NFC').trim();
      if (text.length > TEXT_MAX)
        throw new HttpProblem(400, ErrorCode.VALIDATION_FAILED, 'The report text is too long.', {
          errors: [{ path: 'body/text', message: `must be at most ${TEXT_MAX} characters` }],
        });
      const row = await submitReport(db, actorOf(principal), session.id, point.pointId, {
        text: text || null,
        file,
      });
      log.info(
        { sessionId: session.id, pointId: point.pointId, onTime: row.onTime },
        'report submitted',
      );
      return reply
        .code(201)
        .send({ submittedAt: row.submittedAt.toISOString(), onTime: row.onTime });
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/reports',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['reports'],
        summary:
          'Who has and has not reported, on time or late (people: every invited point; a point: its own)',
        security,
        params: IdParams,
        response: { 200: ReportListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const session = await readableSession(db, principal, request.params.id);
      return listReports(
        db,
        session.id,
        principal.kind === 'point' ? principal.pointId : undefined,
      );
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/reports.zip',
    {
      config: { access: access.users },
      schema: {
        tags: ['reports'],
        summary:
          'Every current report as one zip: a folder `<code> - <point name>/` per point with its file and its text as `Báo cáo.txt`',
        security,
        params: IdParams,
        produces: ['application/zip'],
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      const stream = await reportsZip(db, session.id, log);
      // The day of the session in Vietnam, as people name it.
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE }).format(
        session.startsAt,
      );
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(`Báo cáo ${day}.zip`))
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
}
