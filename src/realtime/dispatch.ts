import type { Server, Socket } from 'socket.io';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  type Ack,
  type ClientAcks,
  type ClientEvent,
  type ClientToServerEvents,
  clientEvents,
  type InterServerEvents,
  type PayloadOf,
  type ServerToClientEvents,
  type SocketError,
} from '../contract/index.js';
import { dbErrorProblem } from '../db/errors.js';
import { inputProblem, normaliseUuids } from '../http/input.js';
import { ErrorCode, HttpProblem } from '../http/problem.js';
import type { Logger } from '../logger.js';
import type { SocketData } from './handshake.js';

export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type AppSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Per socket: a burst of 40 events, then 20 per second. Enough for any console, not for a flood. */
const BURST = 40;
const PER_SECOND = 20;
const buckets = new WeakMap<object, { tokens: number; at: number }>();

function takeToken(socket: object): boolean {
  const now = Date.now();
  const bucket = buckets.get(socket) ?? { tokens: BURST, at: now };
  bucket.tokens = Math.min(BURST, bucket.tokens + ((now - bucket.at) / 1000) * PER_SECOND);
  bucket.at = now;
  buckets.set(socket, bucket);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** Compiled once per schema, not once per connection. */
const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function validatorFor(schema: TSchema) {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

function toSocketError(error: unknown, log: Logger, event: string): SocketError {
  if (error instanceof HttpProblem && knownCodes.has(error.code)) {
    return { code: error.code, message: error.message };
  }
  const fromDatabase = dbErrorProblem(error);
  if (fromDatabase) {
    log.warn(
      { err: error, event, code: fromDatabase.code },
      'socket event refused by the database',
    );
    return { code: fromDatabase.code, message: fromDatabase.message };
  }
  log.error({ err: error, event }, 'socket event failed');
  return { code: ErrorCode.INTERNAL, message: 'An unexpected error occurred.' };
}

/**
 * Every client → server event registered through `handle()`, with its payload
 * schema: what the server really listens to (the fuzz test walks it, so a new
 * event is fuzzed without anyone listing it).
 */
const registered = new Map<string, TSchema>();
export function handledEvents(): ReadonlyMap<string, TSchema> {
  return registered;
}

/**
 * Registers a client → server event: find the ack, rate-limit, validate the
 * payload against the contract's schema for that event, run the handler
 * (which persists, then broadcasts), and answer `{ ok: true, data }` or
 * `{ ok: false, error }`. Nothing a client sends can make it throw.
 */
export function handle<E extends ClientEvent>(
  socket: AppSocket,
  event: E,
  log: Logger,
  handler: (payload: PayloadOf<E>) => Promise<ClientAcks[E]>,
): void {
  const schema: TSchema = clientEvents[event];
  const validator = validatorFor(schema);
  registered.set(event, schema);
  (socket as unknown as Socket).on(event as string, async (...args: unknown[]) => {
    const ack = args.at(-1);
    // Every event takes an ack; without one there is nobody to answer.
    if (typeof ack !== 'function') return;
    const respond = (response: Ack<ClientAcks[E]>) => {
      try {
        ack(response);
      } catch {
        // a client's ack cannot fail the server
      }
    };
    const { expiresAt } = socket.data;
    if (expiresAt !== undefined && Date.now() >= expiresAt) {
      return respond({
        ok: false,
        error: { code: 'AUTH_EXPIRED', message: 'The login token has expired; log in again.' },
      });
    }
    if (!takeToken(socket)) {
      return respond({
        ok: false,
        error: { code: ErrorCode.RATE_LIMITED, message: 'Too many events; slow down.' },
      });
    }
    const payload = args.length > 1 ? args[0] : undefined;
    // What no handler may see whatever its schema says (text PostgreSQL
    // cannot store, unbounded nesting), then ids in one spelling.
    const unfit = inputProblem(payload, '');
    if (unfit) {
      return respond({
        ok: false,
        error: {
          code: ErrorCode.VALIDATION_FAILED,
          message: `${unfit.path || 'payload'}: ${unfit.message}`,
        },
      });
    }
    normaliseUuids(schema, payload);
    if (!validator.Check(payload)) {
      const [first] = validator.Errors(payload);
      const where = first?.instancePath ? `${first.instancePath}: ` : '';
      return respond({
        ok: false,
        error: {
          code: ErrorCode.VALIDATION_FAILED,
          message: `${where}${first?.message ?? 'invalid payload'}`,
        },
      });
    }
    try {
      respond({ ok: true, data: await handler(payload as PayloadOf<E>) });
    } catch (error) {
      respond({ ok: false, error: toSocketError(error, log, event) });
    }
  });
}

/**
 * Who watches the whole session: the people, and the central hall, where the
 * chair presides and the video wall names every point.
 */
export function seesBoard(principal: AppSocket['data']['principal']): boolean {
  return principal.kind === 'user' || principal.pointKind === 'central-hall';
}

/**
 * Room names: everyone in a session; the people (and the hall) in it; one
 * point's consoles in it (what concerns that point alone: its place in the
 * queue).
 */
export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  staff: (sessionId: string) => `session:${sessionId}:staff`,
  point: (sessionId: string, code: string) => `session:${sessionId}:point:${code}`,
};

/**
 * Room membership in one place: a socket in a session is in its room, and a
 * person also in its staff room (what only the people running and watching
 * it receive). Answers false, leaving no membership behind, if the socket
 * closed meanwhile (a closed socket's disconnect has already run).
 */
export async function enterSession(socket: AppSocket, sessionId: string): Promise<boolean> {
  if (!socket.connected) return false;
  await socket.join(rooms.session(sessionId));
  const { principal } = socket.data;
  if (seesBoard(principal)) await socket.join(rooms.staff(sessionId));
  else if (principal.kind === 'point')
    await socket.join(rooms.point(sessionId, principal.pointCode));
  if (socket.connected) return true;
  await leaveSession(socket, sessionId);
  return false;
}

export async function leaveSession(socket: AppSocket, sessionId: string): Promise<void> {
  await socket.leave(rooms.session(sessionId));
  await socket.leave(rooms.staff(sessionId));
  const { principal } = socket.data;
  if (principal.kind === 'point') await socket.leave(rooms.point(sessionId, principal.pointCode));
}

/** Answers first, then tells the others (persist → ack → broadcast). */
export const afterAck = (broadcast: () => void) => setImmediate(broadcast);
