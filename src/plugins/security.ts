import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every response (helmet's defaults: a strict content
 * security policy, nosniff, frame denial, no referrer leaks, HSTS). The web
 * consoles are served from this origin and need nothing looser; Swagger UI
 * sends its own policy (docs plugin).
 */
export default fp(
  async function security(fastify: FastifyInstance) {
    await fastify.register(helmet, {
      global: true,
      // The consoles open WebRTC and socket.io to this origin only.
      contentSecurityPolicy: {
        directives: {
          // Points reach the server by plain http://address:port on a LAN too;
          // upgrading their requests to https would break the pages there.
          'upgrade-insecure-requests': null,
          'connect-src': ["'self'"],
          'media-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    });
  },
  { name: 'security', fastify: '5.x' },
);
