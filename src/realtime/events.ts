/**
 * The socket.io contract: every event name and payload, client ↔ server.
 * TypeScript clients import these types straight from this file, so it holds
 * types only and must stay free of server-only imports.
 *
 * Conventions (see shared CONTRACT.md):
 * - names are `entity:verb`;
 * - every client → server event takes an ack answered with `Ack<T>`;
 * - a refused connection's `connect_error` carries one of `HandshakeErrorCode`.
 */

/** Error codes a client can see in an ack or a refused handshake. */
export type SocketErrorCode =
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID'
  | 'FORBIDDEN'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export type HandshakeErrorCode = Extract<
  SocketErrorCode,
  'AUTH_REQUIRED' | 'AUTH_INVALID' | 'INTERNAL'
>;

export interface SocketError {
  code: SocketErrorCode;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: SocketError };
export type AckCallback<T> = (response: Ack<T>) => void;

/** What the handshake sends: `io(url, { auth: { token } })`. */
export interface HandshakeAuth {
  token?: string;
}

// The session, attendance and speaker events of CONTRACT.md join these maps
// with the modules that implement them (one entry per implemented event).

// biome-ignore lint/suspicious/noEmptyInterface: filled by later modules
export interface ClientToServerEvents {}

// biome-ignore lint/suspicious/noEmptyInterface: filled by later modules
export interface ServerToClientEvents {}

// biome-ignore lint/suspicious/noEmptyInterface: no cross-server events yet
export interface InterServerEvents {}
