import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';

const Readiness = Type.Object({
  ready: Type.Boolean(),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  dbOk: Type.Boolean({ description: 'the database answered a query just now' }),
  workers: Type.Integer({ description: 'mediasoup workers running' }),
  workersConfigured: Type.Integer({ description: 'mediasoup workers the pool keeps running' }),
});

const DB_PING_TIMEOUT_MS = 2_000;

/** Liveness and readiness probes for load balancers and orchestrators. */
export default async function healthRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  fastify.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' }) as const,
  );

  fastify.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database answers and every mediasoup worker is alive',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      const { database, sfu } = fastify;
      const dbOk = await pingWithin(database.ping, DB_PING_TIMEOUT_MS).then(
        () => true,
        (err: unknown) => {
          request.log.warn({ err }, 'readiness: database did not answer');
          return false;
        },
      );
      const body = {
        ready: dbOk && sfu.ready,
        db: database.kind,
        dbOk,
        workers: sfu.live,
        workersConfigured: sfu.size,
      };
      return reply.code(body.ready ? 200 : 503).send(body);
    },
  );
}

function pingWithin(ping: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([ping(), timeout]).finally(() => clearTimeout(timer));
}
