import ajvFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import app, { type AppOptions } from './app.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { isStorableDateTime } from './http/input.js';
import { loggerOptions } from './logger.js';

/** Request bodies above this are refused with 413 (routes may lower it). */
const BODY_LIMIT_BYTES = 1024 * 1024;

type AjvPlugin = Extract<
  NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>[number],
  (...args: never[]) => unknown
>;
const storableDateTime: AjvPlugin = (ajv) =>
  ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });

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
    // Start-up (migrations, workers, the first admin) takes what it takes on a
    // busy machine; there is nothing to gain from giving up after 10 s.
    pluginTimeout: 0,
    frameworkErrors,
    clientErrorHandler,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true },
      // 'date-time' also means "an instant we can compute with and store":
      // no leap second, no year 0 (RFC 3339 allows both).
      // The default formats first (named formatsPlugin, so Fastify adds them only once), then ours.
      plugins: [ajvFormats as unknown as AjvPlugin, storableDateTime],
    },
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
