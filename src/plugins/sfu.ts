import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WorkerPool } from '../media/worker-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    sfu: WorkerPool;
  }
}

/** The mediasoup worker pool; closed (processes exited) when the app closes. */
export default fp(
  async function sfu(fastify: FastifyInstance, opts: { respawnDelayMs?: number }) {
    const pool = await WorkerPool.create({
      config: fastify.config.media,
      log: fastify.log,
      ...(opts.respawnDelayMs === undefined ? {} : { respawnDelayMs: opts.respawnDelayMs }),
    });
    fastify.decorate('sfu', pool);
    fastify.addHook('onClose', async () => {
      await pool.close();
    });
  },
  { name: 'sfu', dependencies: ['config'], fastify: '5.x' },
);
