import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { access, principalOf } from '../auth/principal.js';
import { readableSession } from '../sessions/read.js';
import { SpeakersRecordSchema } from './schemas.js';

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
          'Current speaker, the queue in order, the history of speeches and speeches per agenda item',
        description:
          'History: actual start, end and seconds of every speech. Agenda: planned number of speeches beside the actual. Changes arrive live as speaker:queue, floor:granted, floor:warning and floor:ended on the socket.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: SpeakersRecordSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return fastify.speakers.register.record(session);
    },
  );
}
