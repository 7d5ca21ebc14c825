import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type DatabaseHandle, openDatabase } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
  }
}

/**
 * The database: embedded PGlite when DATABASE_URL is unset, PostgreSQL
 * otherwise. Migrations are applied before the server accepts requests.
 */
export default fp(
  async function db(fastify: FastifyInstance) {
    const { db: config } = fastify.config;
    const handle = await openDatabase(config);
    fastify.log.info(
      { db: handle.kind, ...(config.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
      'database ready, migrations applied',
    );
    fastify.decorate('database', handle);
    fastify.addHook('onClose', async () => {
      await handle.close();
      fastify.log.info('database closed');
    });
  },
  { name: 'db', dependencies: ['config'], fastify: '5.x' },
);
