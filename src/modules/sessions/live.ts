import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SessionCache } from './cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sessions as the live side reads them on every socket event (cached, kept fresh by domain events). */
    sessions: SessionCache;
  }
}

/**
 * The sessions module on the live side: the one cache of sessions and their
 * invitations that attendance, speakers and media read, dropped whenever the
 * session changes (its details or its status).
 */
export default fp(
  async function sessionsLive(fastify: FastifyInstance) {
    const cache = new SessionCache(fastify.database.db);
    fastify.events.on('session.updated', ({ sessionId }) => cache.invalidate(sessionId));
    // Registered before the other modules' listeners: they read the new status.
    fastify.events.on('session.status', ({ sessionId }) => cache.invalidate(sessionId));
    fastify.decorate('sessions', cache);
  },
  { name: 'sessions', dependencies: ['db', 'events'], fastify: '5.x' },
);
