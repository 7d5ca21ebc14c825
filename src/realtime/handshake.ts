import type { ExtendedError, Socket } from 'socket.io';
import type { HandshakeAuth, HandshakeErrorCode } from '../contract/index.js';
import type { Logger } from '../logger.js';
import type { Principal } from '../modules/auth/principal.js';
import type { Authentication } from '../plugins/auth.js';

export interface SocketData {
  /** Who is on the other end, as the handshake established it. */
  principal: Principal;
  /** Sessions this socket joined (restored with the socket on connection-state recovery). */
  sessions: string[];
  /** When the login token behind this socket expires (ms since the epoch); points: never. */
  expiresAt?: number | undefined;
}

/** Checks a handshake token. */
export type TokenVerifier = (token: string) => Promise<Authentication>;

function refusal(code: HandshakeErrorCode): ExtendedError {
  // socket.io hands `message` to the client's connect_error: it is the code.
  return Object.assign(new Error(code), { data: { code } });
}

/**
 * socket.io middleware run once per connection: a missing or unknown token is
 * refused before any event handler can see the socket.
 */
export function createHandshake(verify: TokenVerifier, log: Logger) {
  return async (socket: Socket, next: (err?: ExtendedError) => void): Promise<void> => {
    const { token } = (socket.handshake.auth ?? {}) as HandshakeAuth;
    if (typeof token !== 'string' || token.length === 0) return next(refusal('AUTH_REQUIRED'));
    try {
      const result = await verify(token);
      if (!('principal' in result)) {
        return next(refusal(result.refused === 'expired' ? 'AUTH_EXPIRED' : 'AUTH_INVALID'));
      }
      const data = socket.data as SocketData;
      data.principal = result.principal;
      data.expiresAt = result.expiresAt?.getTime();
      data.sessions ??= [];
      next();
    } catch (error) {
      log.error({ err: error, socket: socket.id }, 'handshake token check failed');
      next(refusal('INTERNAL'));
    }
  };
}
