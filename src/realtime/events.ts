/**
 * The socket.io contract: every event name and payload, client ↔ server.
 * TypeScript clients import these types straight from this file; it holds
 * types only (the imports below are type-only), no server code.
 *
 * Conventions (see shared CONTRACT.md):
 * - names are `entity:verb`;
 * - every client → server event takes an ack answered with `Ack<T>`; a
 *   payload that fails validation gets `ok: false` and changes nothing;
 * - a refused connection's `connect_error` message is a `HandshakeErrorCode`.
 */
import type { Static } from 'typebox';
import type { ErrorCode } from '../http/problem.js';
import type {
  AbsentPayloadSchema,
  AttendanceSummarySchema,
  CheckInPayloadSchema,
  PointAttendanceSchema,
  RollCallAnswerPayloadSchema,
  RollCallSchema,
  RollCallStartPayloadSchema,
  SessionRefSchema,
  TestResultPayloadSchema,
} from '../modules/attendance/schemas.js';
import type { SessionStatus } from '../modules/sessions/lifecycle.js';
import type { SessionSchema } from '../modules/sessions/schemas.js';

/** Error codes a client can see in an ack or a refused handshake. */
export type SocketErrorCode = ErrorCode | 'AUTH_REQUIRED' | 'AUTH_INVALID';
export type HandshakeErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'INTERNAL';

export interface SocketError {
  code: SocketErrorCode;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: SocketError };
export type AckCallback<T> = (response: Ack<T>) => void;

/**
 * What the handshake sends: `io(url, { auth: { token, sessionId } })`.
 * With `sessionId` the server puts the socket back into that session after
 * every (re)connection and pushes `session:snapshot`, so a client on a shaky
 * line needs no code of its own to recover.
 */
export interface HandshakeAuth {
  token?: string;
  sessionId?: string;
}

export type SessionRef = Static<typeof SessionRefSchema>;
export type CheckInPayload = Static<typeof CheckInPayloadSchema>;
export type AbsentPayload = Static<typeof AbsentPayloadSchema>;
export type TestResultPayload = Static<typeof TestResultPayloadSchema>;
export type RollCallStartPayload = Static<typeof RollCallStartPayloadSchema>;
export type RollCallAnswerPayload = Static<typeof RollCallAnswerPayloadSchema>;

export type SessionView = Static<typeof SessionSchema>;
export type PointAttendance = Static<typeof PointAttendanceSchema>;
export type AttendanceSummary = Static<typeof AttendanceSummarySchema>;
export type RollCallView = Static<typeof RollCallSchema>;

/**
 * Everything a client needs after joining (or rejoining) a session. A point
 * sees its own attendance row; people see the whole board.
 */
export interface SessionSnapshot {
  /** The session without its invited list: the board lists the invited points. */
  session: Omit<SessionView, 'invitedPoints'>;
  attendance: { summary: AttendanceSummary; points: PointAttendance[] };
  /** The speaker register (filled by the speaker module). */
  queue: unknown[];
  floor: unknown | null;
  rollCall: RollCallView | null;
}

export interface ClientToServerEvents {
  /** Joins the session's room; answers with the snapshot. People and invited points. */
  'session:join': (payload: SessionRef, ack: AckCallback<SessionSnapshot>) => void;
  'session:leave': (payload: SessionRef, ack: AckCallback<{ left: true }>) => void;
  /** Point: check in with the delegates present (repeat = update). */
  'attendance:check-in': (payload: CheckInPayload, ack: AckCallback<PointAttendance>) => void;
  /** Point: will not attend, with a reason (excused). */
  'attendance:absent': (payload: AbsentPayload, ack: AckCallback<PointAttendance>) => void;
  /** Point: the result of its technical test run, with the figures it measured. */
  'attendance:test-result': (payload: TestResultPayload, ack: AckCallback<PointAttendance>) => void;
  /** Chair, moderators of the session, secretariat: every point must answer by the deadline. */
  'rollcall:start': (payload: RollCallStartPayload, ack: AckCallback<RollCallView>) => void;
  /** Point: present. */
  'rollcall:answer': (
    payload: RollCallAnswerPayload,
    ack: AckCallback<{ answeredAt: string }>,
  ) => void;
}

export interface ServerToClientEvents {
  /** Pushed after an automatic (re)join (handshake `auth.sessionId`). */
  'session:snapshot': (snapshot: SessionSnapshot) => void;
  'session:status': (event: { sessionId: string; status: SessionStatus; at: string }) => void;
  /** To people in the session (not to points): changed rows, batched, and the new summary. */
  'attendance:updated': (event: {
    sessionId: string;
    points: PointAttendance[];
    summary: AttendanceSummary;
  }) => void;
  'rollcall:started': (event: RollCallView) => void;
  'rollcall:closed': (event: RollCallView) => void;
}

// biome-ignore lint/suspicious/noEmptyInterface: no cross-server events (one process)
export interface InterServerEvents {}
