import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { ConnectionStages } from '../realtime/connections.js';
import type { AppServer } from '../realtime/dispatch.js';
import { createHandshake } from '../realtime/handshake.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: AppServer;
    /** The features' stages for each new socket, in their declared order. */
    connections: ConnectionStages;
  }
}

/**
 * socket.io on Fastify's own HTTP server (same port, path /socket.io). The
 * handshake accepts login tokens and point credentials, nothing else.
 */
export default fp(
  async function io(fastify: FastifyInstance) {
    const { recoverySeconds } = fastify.config.realtime;
    const server: AppServer = new Server(fastify.server, {
      path: '/socket.io',
      serveClient: false,
      // A point that drops for a moment gets its rooms and missed events back;
      // the handshake (token check) still runs on every reconnection.
      ...(recoverySeconds > 0
        ? {
            connectionStateRecovery: {
              maxDisconnectionDuration: recoverySeconds * 1000,
              skipMiddlewares: false,
            },
          }
        : {}),
      // Operators sit on shaky provincial lines: tolerate slow heartbeats.
      pingInterval: 20_000,
      pingTimeout: 25_000,
      maxHttpBufferSize: 1_000_000,
    });
    const log = fastify.log.child({ component: 'io' });
    server.use(createHandshake((token) => fastify.auth.authenticateDetailed(token), log));
    fastify.decorate('io', server);
    // One listener for every feature: the order they see a socket in is declared, not incidental.
    const connections = new ConnectionStages();
    fastify.decorate('connections', connections);
    server.on('connection', (socket) => connections.run(socket));
    fastify.addHook('onReady', async () => {
      log.info({ stages: connections.ordered().map((s) => s.name) }, 'connection stages');
    });

    // Open websockets would keep the HTTP server from closing: drop them first.
    // Closing the transports (not a socket.io disconnect) makes clients see a
    // dropped line and reconnect by themselves, to this server once it is
    // back; a socket.io disconnect would leave them offline for good.
    fastify.addHook('preClose', async () => {
      server.engine.close();
    });
    fastify.addHook('onClose', async () => {
      // Fastify closes the HTTP server itself; socket.io only has to let go.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.info('socket.io closed');
    });
  },
  { name: 'io', dependencies: ['config', 'auth', 'events'], fastify: '5.x' },
);
