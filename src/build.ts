import Fastify, { type FastifyInstance } from 'fastify';
import app, { type AppOptions } from './app.js';
import { loggerOptions } from './logger.js';

/** Request bodies above this are refused with 413 (routes may lower it). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Creates the Fastify instance with the app registered and ready (database
 * migrated, workers running), but not listening. Used by server.ts and tests.
 */
export async function buildServer(options: AppOptions): Promise<FastifyInstance> {
  const server = Fastify({
    logger: loggerOptions(options.config.logLevel),
    bodyLimit: BODY_LIMIT_BYTES,
    // Keep-alive connections must not hold up a shutdown.
    forceCloseConnections: true,
    trustProxy: options.config.http.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  await server.register(app, options);
  try {
    await server.ready();
  } catch (error) {
    // Whatever started (workers, database) must stop before the error surfaces.
    await server.close().catch(() => {});
    throw error;
  }
  return server;
}
