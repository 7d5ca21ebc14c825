import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { type SpeakersRecord, SpeakersRecordSchema } from '../../contract/index.js';
import { local, REPORT_TIME_ZONE, sendCsv, wantsCsv } from '../../http/csv.js';
import { problemResponses } from '../../http/problem.js';
import { access, principalOf } from '../auth/principal.js';
import { readableSession } from '../sessions/read.js';

/** Every speech in order, then the requests the session ended before hearing. */
export function speakersCsv(record: SpeakersRecord): string {
  const speeches = record.history.map((h) => ({
    code: h.code,
    name: h.name,
    status: 'spoken',
    topic: h.topic ?? '',
    agenda_position: h.agendaPosition ?? '',
    granted_at: local(h.grantedAt),
    ended_at: local(h.endedAt),
    seconds: h.seconds,
    granted_seconds: h.grantedSeconds,
    end_reason: h.endReason,
  }));
  const unheard = record.unheard.map((u) => ({
    code: u.code,
    name: u.name,
    status: 'lapsed',
    topic: u.topic ?? '',
    agenda_position: u.agendaPosition ?? '',
    granted_at: '',
    ended_at: '',
    seconds: '',
    granted_seconds: '',
    end_reason: '',
  }));
  return stringify([...speeches, ...unheard], {
    header: true,
    bom: true,
    record_delimiter: 'windows',
    columns: [
      'code',
      'name',
      'status',
      'topic',
      'agenda_position',
      'granted_at',
      'ended_at',
      'seconds',
      'granted_seconds',
      'end_reason',
    ],
  });
}

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
          'Current speaker, the queue in order, the history of speeches and speeches per agenda item; as JSON or (Accept: text/csv, or ?format=csv) the history as CSV',
        description: `History: actual start, end and seconds of every speech; unheard: requests still queued when the session ended. Agenda: planned number of speeches beside the actual. CSV: UTF-8 with BOM, one row per speech then per unheard request, times in ${REPORT_TIME_ZONE}. Changes arrive live as speaker:queue, floor:granted, floor:warning and floor:ended on the socket.`,
        security: [{ bearer: [] }],
        produces: ['application/json', 'text/csv'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['json', 'csv'])) }),
        response: { 200: SpeakersRecordSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      const record = await fastify.speakers.register.record(session);
      if (wantsCsv(request))
        return sendCsv(reply, `speakers-${session.id}.csv`, speakersCsv(record));
      return record;
    },
  );
}
