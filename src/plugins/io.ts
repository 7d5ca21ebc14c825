import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from '../realtime/events.js';
import { createHandshake, type SocketData } from '../realtime/handshake.js';

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

declare module 'fastify' {
  interface FastifyInstance {
    io: IoServer;
  }
}

/**
 * socket.io on Fastify's own HTTP server (same port, path /socket.io). The
 * handshake accepts login tokens and point credentials, nothing else.
 */
export default fp(
  async function io(fastify: FastifyInstance) {
    const server: IoServer = new Server(fastify.server, {
      path: '/socket.io',
      serveClient: false,
      // Operators sit on shaky provincial lines: tolerate slow heartbeats.
      pingInterval: 20_000,
      pingTimeout: 25_000,
      maxHttpBufferSize: 1_000_000,
    });
    const log = fastify.log.child({ component: 'io' });
    server.use(createHandshake((token) => fastify.auth.authenticate(token), log));
    fastify.decorate('io', server);

    // Open websockets would keep the HTTP server from closing: drop them first.
    fastify.addHook('preClose', async () => {
      server.local.disconnectSockets(true);
    });
    fastify.addHook('onClose', async () => {
      // Fastify closes the HTTP server itself; socket.io only has to let go.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.info('socket.io closed');
    });
  },
  { name: 'io', dependencies: ['config', 'auth'], fastify: '5.x' },
);
