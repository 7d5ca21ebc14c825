import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** Makes the validated configuration available to every plugin and route. */
export default fp(
  async function config(fastify: FastifyInstance, opts: { config: Config }) {
    fastify.decorate('config', opts.config);
  },
  { name: 'config', fastify: '5.x' },
);
