import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { untilDone } from '../../db/retry.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type AppSocket, handle } from '../../realtime/dispatch.js';

/** `auth:expiring` goes out this long before a token expires (a third of its life when shorter). */
const EXPIRING_NOTICE_MS = 60_000;

/**
 * Who is on an open socket, kept true while it stays open: a token's expiry
 * ends the socket's rights (and the socket) unless it was renewed in band
 * (`auth:refresh`); a role change reaches the socket at once; revoked access
 * (a credential, a deactivated point, a disabled account or a new password)
 * closes it. Consoles of people renew in band and never get locked out of a
 * briefing by a 15-minute token.
 */
export default fp(
  async function authLive(fastify: FastifyInstance) {
    const io = fastify.io;
    const log = fastify.log.child({ component: 'auth-live' });
    const ttlMs = fastify.config.auth.tokenTtlSeconds * 1000;
    const timers = new WeakMap<AppSocket, NodeJS.Timeout[]>();

    /** (Re)arms the notice before the socket's token expires, and the close at expiry. */
    function watchExpiry(socket: AppSocket): void {
      for (const t of timers.get(socket) ?? []) clearTimeout(t);
      const { expiresAt } = socket.data;
      if (expiresAt === undefined) return;
      const now = Date.now();
      const notice = Math.min(EXPIRING_NOTICE_MS, ttlMs / 3);
      const expiring = setTimeout(
        () => socket.emit('auth:expiring', { expiresAt: new Date(expiresAt).toISOString() }),
        Math.max(0, expiresAt - notice - now),
      );
      const expired = setTimeout(
        () => {
          log.info({ socket: socket.id }, 'login token expired without renewal: socket closed');
          socket.emit('auth:expired', { expiredAt: new Date(expiresAt).toISOString() });
          socket.disconnect(true);
        },
        Math.max(0, expiresAt - now),
      );
      expiring.unref();
      expired.unref();
      timers.set(socket, [expiring, expired]);
    }

    const sockets = () => io.of('/').sockets.values();

    // First: a socket's expiry is watched before any of its events is handled.
    fastify.connections.add({
      name: 'auth',
      attach: (socket: AppSocket) => {
        watchExpiry(socket);
        socket.on('disconnect', () => {
          for (const t of timers.get(socket) ?? []) clearTimeout(t);
        });

        handle(socket, 'auth:refresh', log, async () => {
          const { principal } = socket.data;
          if (principal.kind !== 'user') {
            throw new HttpProblem(400, ErrorCode.BAD_REQUEST, 'Point credentials do not expire.');
          }
          // The account as it is now: a disabled one gets nothing, a changed role applies.
          const user = await fastify.auth.currentUser(principal.id);
          if (!user) throw new HttpProblem(401, ErrorCode.UNAUTHORIZED, 'The account is disabled.');
          const { token, expiresAt } = fastify.auth.issueToken(user);
          socket.data.principal = user;
          socket.data.expiresAt = expiresAt.getTime();
          watchExpiry(socket);
          return { token, expiresAt: expiresAt.toISOString() };
        });
      },
    });

    // Access taken away ends the sockets opened with it, not only future handshakes.
    fastify.events.on('access.revoked', ({ credentialId, userId, pointId }) => {
      for (const socket of sockets()) {
        const p = socket.data.principal;
        const match =
          p.kind === 'point'
            ? p.credentialId === credentialId || p.pointId === pointId
            : p.id === userId;
        if (match) socket.disconnect(true);
      }
    });

    // A new role applies to the open sockets at the next event they send.
    fastify.events.on('access.changed', async ({ userId }) => {
      const mine = [...sockets()].filter(
        (s) => s.data.principal.kind === 'user' && s.data.principal.id === userId,
      );
      if (mine.length === 0) return;
      const user = await untilDone(() => fastify.auth.currentUser(userId), {
        log,
        what: 'reading a changed account',
        context: { userId },
        maxDelayMs: 1_000,
        maxHardFailures: 2,
      });
      for (const socket of mine) {
        if (user === undefined) {
          // Unknown for now: drop the line; the client reconnects, and its
          // handshake reads the account afresh.
          socket.conn.close();
          continue;
        }
        if (user === null) {
          socket.disconnect(true);
          continue;
        }
        socket.data.principal = user;
        socket.emit('auth:changed', { role: user.role });
      }
      log.info(
        { userId, sockets: mine.length, role: user?.role },
        'account change applied to sockets',
      );
    });
  },
  { name: 'auth-live', dependencies: ['auth', 'io', 'events'], fastify: '5.x' },
);
