import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The built consoles: `npm run build` writes them here (web/ → dist/web). */
export const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The client-side routes of the single-page app: each answers index.html and
 * the app's router shows the console. Listed, not a catch-all, so an unknown
 * path still answers the API's problem+json 404.
 */
const APP_ROUTES = [
  '/',
  '/join',
  '/sessions',
  '/point',
  '/point/:id',
  '/hall/:id',
  '/desk/:id',
  '/admin',
  '/admin/*',
];

/**
 * Serves the web consoles (web/, built by Vite) at `/`. Hashed assets are
 * cached for good; index.html is revalidated, so a new release reaches every
 * console on its next load.
 */
export default fp(
  async function webApp(fastify: FastifyInstance) {
    if (!existsSync(`${WEB_DIR}index.html`)) {
      fastify.log.warn({ dir: WEB_DIR }, 'web consoles not built: run `npm run build`');
      return;
    }
    await fastify.register(fastifyStatic, {
      root: `${WEB_DIR}assets/`,
      prefix: '/assets/',
      // Only the built files, read once at start: nothing else on disk is reachable.
      wildcard: false,
      index: false,
      serve: true,
      // Vite names every asset by its content's hash.
      maxAge: '365d',
      immutable: true,
    });
    for (const url of APP_ROUTES) {
      fastify.get(url, { schema: { hide: true } }, (_request, reply) =>
        reply
          .header('cache-control', 'no-cache')
          .sendFile('index.html', WEB_DIR, { cacheControl: false }),
      );
    }
  },
  { name: 'web-app', fastify: '5.x' },
);
