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
    const log = fastify.log.child({ component: 'db' });
    const handle = await openDatabase(config, (err) =>
      log.warn({ err: err.message }, 'database connection lost; the pool opens a new one'),
    );
    log.info(
      { db: handle.kind, ...(config.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
      'database ready, migrations applied',
    );
    fastify.decorate('database', handle);
    fastify.addHook('onClose', async () => {
      await handle.close();
      log.info('database closed');
    });
  },
  { name: 'db', dependencies: ['config'], fastify: '5.x' },
);
