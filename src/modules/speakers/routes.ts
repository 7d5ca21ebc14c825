import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { SpeakersRecordSchema } from '../../contract/index.js';
import { ExportQuery, exportFormat, REPORT_TIME_ZONE, sendTable } from '../../http/exports.js';
import { problemResponses } from '../../http/problem.js';
import { access, principalOf } from '../auth/principal.js';
import { readableSession } from '../sessions/read.js';
import { speechColumns, speechRows } from './export.js';

/** The speaker register of a session: who has the floor, the queue, and every speech so far. */
export default async function speakerRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;

  fastify.get(
    '/api/v1/sessions/:id/speakers',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['speakers'],
        summary:
          'Current speaker, the queue in order, the history of speeches and speeches per agenda item; as JSON, or the history as CSV (Accept: text/csv, or ?format=csv) or Excel (?format=xlsx)',
        description: `History: actual start, end and seconds of every speech; unheard: requests still queued when the session ended. Agenda: planned number of speeches beside the actual. CSV (UTF-8 with BOM) and XLSX: one row per speech then per unheard request, times in ${REPORT_TIME_ZONE}, Vietnamese headers and values, or the machine form with \`labels=en\`. Changes arrive live as speaker:queue, floor:granted, floor:warning and floor:ended on the socket.`,
        security: [{ bearer: [] }],
        produces: [
          'application/json',
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: ExportQuery,
        response: { 200: SpeakersRecordSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      const record = await fastify.speakers.register.record(session);
      const format = exportFormat(request);
      if (format !== 'json')
        return sendTable(reply, format, `speakers-${session.id}`, {
          columns: speechColumns,
          rows: speechRows(record),
          labels: request.query.labels,
          sheet: request.query.labels === 'en' ? 'speeches' : 'Phát biểu',
        });
      return record;
    },
  );
}
