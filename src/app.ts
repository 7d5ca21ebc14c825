import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import healthRoutes from './modules/health/routes.js';
import configPlugin from './plugins/config.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import ioPlugin from './plugins/io.js';
import metricsPlugin from './plugins/metrics.js';
import sfuPlugin from './plugins/sfu.js';
import swaggerPlugin from './plugins/swagger.js';

export interface AppOptions {
  config: Config;
  /** Tests shorten the pause before a dead worker is replaced. */
  workerRespawnDelayMs?: number;
}

/**
 * The whole application as one Fastify plugin: infrastructure first (each a
 * named plugin owning its resource and closing it), then the feature modules.
 */
export default fp(
  async function app(fastify: FastifyInstance, opts: AppOptions) {
    await fastify.register(configPlugin, { config: opts.config });
    await fastify.register(errorsPlugin);
    await fastify.register(swaggerPlugin);
    await fastify.register(dbPlugin);
    await fastify.register(
      sfuPlugin,
      opts.workerRespawnDelayMs === undefined ? {} : { respawnDelayMs: opts.workerRespawnDelayMs },
    );
    await fastify.register(ioPlugin);
    await fastify.register(metricsPlugin);

    await fastify.register(healthRoutes);
  },
  { name: 'app', fastify: '5.x' },
);
