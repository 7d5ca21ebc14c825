import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ConstructorOptions, fromPglite, PgBoss } from 'pg-boss';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable job queue (pg-boss, schema `pgboss` in the app's database). */
    jobs: PgBoss;
  }
}

/**
 * pg-boss's own pool on PostgreSQL, beside the app's: the webhook deliveries
 * (up to 8 at once, a few statements each) run on it, not on the app's pool.
 */
const JOBS_POOL_SIZE = 10;
const STOP_TIMEOUT_MS = 10_000;

/**
 * One pg-boss instance on the app's database: on PostgreSQL through its own
 * small pool on the same URL, on embedded PGlite through the app's single
 * in-process connection (pg-boss's `fromPglite` adapter). pg-boss creates
 * and migrates its schema itself at start, under an advisory lock, so a
 * fresh database (or one cloned from the tests' template) just works.
 * Workers are registered by the modules; stopping waits for the jobs in
 * flight (up to a bound) before the database closes.
 */
export default fp(
  async function jobs(fastify: FastifyInstance) {
    const { db: config } = fastify.config;
    const log = fastify.log.child({ component: 'jobs' });
    const common: ConstructorOptions = {
      schema: 'pgboss',
      useListenNotify: true,
      // No cron schedules here: no clock-monitoring timers to run.
      schedule: false,
    };
    const boss =
      config.kind === 'postgres'
        ? new PgBoss({
            ...common,
            connectionString: config.url,
            max: JOBS_POOL_SIZE,
            application_name: 'giaoban-jobs',
          })
        : new PgBoss({
            ...common,
            db: fromPglite(pgliteOf(fastify.database.db)),
            backend: 'pglite',
          });
    boss.on('error', (err) => log.error({ err }, 'job queue error'));
    await boss.start();
    log.info({ db: config.kind }, 'job queue started');
    fastify.decorate('jobs', boss);
    fastify.addHook('onClose', async () => {
      await boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS });
      log.info('job queue stopped');
    });
  },
  { name: 'jobs', dependencies: ['config', 'db'], fastify: '5.x' },
);

/** The PGlite instance under drizzle's database object (drizzle keeps it as `$client`). */
function pgliteOf(db: unknown): PGlite {
  const client = (db as { $client?: PGlite }).$client;
  if (!client) throw new Error('embedded database has no PGlite client');
  return client;
}
