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
import type { types as mediasoup } from 'mediasoup';
import type { Static } from 'typebox';
import type { ErrorCode } from '../http/problem.js';
import type {
  MediaSessionPayloadSchema,
  MicPayloadSchema,
  ProducePayloadSchema,
  ProducerRefPayloadSchema,
  StatsPayloadSchema,
  TransportConnectPayloadSchema,
  TransportCreatePayloadSchema,
  TransportRefPayloadSchema,
} from '../media/schemas.js';
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
import type {
  EndPayloadSchema,
  EntryPayloadSchema,
  FloorSchema,
  GrantPayloadSchema,
  InvitePayloadSchema,
  MovePayloadSchema,
  QueueEntrySchema,
  RejectPayloadSchema,
  RequestPayloadSchema,
  SpeechSchema,
} from '../modules/speakers/schemas.js';

/** Error codes a client can see in an ack or a refused handshake. */
export type SocketErrorCode = ErrorCode | 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_EXPIRED';
/**
 * AUTH_EXPIRED: a login token past its lifetime (log in again); AUTH_INVALID:
 * unknown, revoked, or of a disabled account.
 */
export type HandshakeErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_EXPIRED' | 'INTERNAL';

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

export type SpeakerRequestPayload = Static<typeof RequestPayloadSchema>;
export type SpeakerEntryPayload = Static<typeof EntryPayloadSchema>;
export type SpeakerMovePayload = Static<typeof MovePayloadSchema>;
export type SpeakerInvitePayload = Static<typeof InvitePayloadSchema>;
export type SpeakerRejectPayload = Static<typeof RejectPayloadSchema>;
export type SpeakerGrantPayload = Static<typeof GrantPayloadSchema>;
export type SpeakerEndPayload = Static<typeof EndPayloadSchema>;
export type QueueEntry = Static<typeof QueueEntrySchema>;
export type Floor = Static<typeof FloorSchema>;
export type Speech = Static<typeof SpeechSchema>;
/** The queue in order and who has the floor. */
export interface SpeakersState {
  sessionId: string;
  current: Floor | null;
  queue: QueueEntry[];
}
export type MediaSource = 'camera' | 'mic' | 'screen';
/** What `media:transport:create` answers: enough for mediasoup-client's createSend/RecvTransport. */
export interface TransportOptions {
  id: string;
  iceParameters: mediasoup.IceParameters;
  iceCandidates: mediasoup.IceCandidate[];
  dtlsParameters: mediasoup.DtlsParameters;
}
/** `media:consumer:new`: consume this, then ack; the consumer is resumed after the ack. */
export interface ConsumerOffer {
  consumerId: string;
  producerId: string;
  kind: mediasoup.MediaKind;
  rtpParameters: mediasoup.RtpParameters;
  /** The point the media comes from. */
  code: string;
  source: MediaSource;
}
export interface MediaStats {
  transports: Array<{ id: string; direction: 'send' | 'recv'; stats: unknown[] }>;
  producers: Array<{ id: string; source: MediaSource; paused: boolean; stats: unknown[] }>;
  consumers: Array<{ id: string; code: string; kind: string; paused: boolean; stats: unknown[] }>;
}

/** What a request or an invitation answers: the entry and its place (null once it has the floor). */
export interface EntryPlace {
  entryId: string;
  position: number | null;
  /** `lapsed`: still queued when the session ended. */
  status: 'queued' | 'speaking' | 'spoken' | 'withdrawn' | 'rejected' | 'lapsed';
}

/**
 * Everything a client needs after joining (or rejoining) a session. A point
 * sees its own attendance row; people see the whole board.
 */
export interface SessionSnapshot {
  /** The session without its invited list: the board lists the invited points. */
  session: Omit<SessionView, 'invitedPoints'>;
  attendance: { summary: AttendanceSummary; points: PointAttendance[] };
  /** The speaker register: the queue in order, and who has the floor. */
  queue: QueueEntry[];
  floor: Floor | null;
  rollCall: RollCallView | null;
}

/** A fresh login token: keep it for reconnections (`socket.auth.token = token`). */
export interface TokenRenewal {
  token: string;
  expiresAt: string;
}

export interface ClientToServerEvents {
  /**
   * People: a fresh login token for the one this socket was opened with,
   * before it expires; the socket's rights follow the account as it is now.
   */
  'auth:refresh': (payload: Record<string, never>, ack: AckCallback<TokenRenewal>) => void;
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
  /** Point (checked in): asks for the floor; a repeat, or the same key, returns the existing entry. */
  'speaker:request': (payload: SpeakerRequestPayload, ack: AckCallback<EntryPlace>) => void;
  /** The point that asked: takes the request back. */
  'speaker:withdraw': (payload: SpeakerEntryPayload, ack: AckCallback<{ withdrawn: true }>) => void;
  /** Those running the session: moves a queued entry; the others shift. */
  'speaker:move': (payload: SpeakerMovePayload, ack: AckCallback<SpeakersState>) => void;
  /** Those running the session: puts a point that did not ask into the queue. */
  'speaker:invite': (payload: SpeakerInvitePayload, ack: AckCallback<EntryPlace>) => void;
  /** Those running the session: turns a request down. */
  'speaker:reject': (payload: SpeakerRejectPayload, ack: AckCallback<{ rejected: true }>) => void;
  /** Those running the session: gives the floor to a queued entry for `seconds`. */
  'speaker:grant': (payload: SpeakerGrantPayload, ack: AckCallback<Floor>) => void;
  /** Those running the session (the chair takes the floor back), or the speaking point itself. */
  'speaker:end': (payload: SpeakerEndPayload, ack: AckCallback<Speech>) => void;
  /** Point in the session: the router's RTP capabilities (mediasoup-client Device.load). */
  'media:capabilities': (
    payload: Static<typeof MediaSessionPayloadSchema>,
    ack: AckCallback<{ routerRtpCapabilities: mediasoup.RtpCapabilities }>,
  ) => void;
  /** A WebRTC transport through the worker's WebRtcServer; 'recv' also takes the device's rtpCapabilities. */
  'media:transport:create': (
    payload: Static<typeof TransportCreatePayloadSchema>,
    ack: AckCallback<TransportOptions>,
  ) => void;
  'media:transport:connect': (
    payload: Static<typeof TransportConnectPayloadSchema>,
    ack: AckCallback<{ connected: true }>,
  ) => void;
  'media:ice:restart': (
    payload: Static<typeof TransportRefPayloadSchema>,
    ack: AckCallback<{ iceParameters: mediasoup.IceParameters }>,
  ) => void;
  'media:produce': (
    payload: Static<typeof ProducePayloadSchema>,
    ack: AckCallback<{ producerId: string; paused: boolean }>,
  ) => void;
  'media:producer:close': (
    payload: Static<typeof ProducerRefPayloadSchema>,
    ack: AckCallback<{ closed: true }>,
  ) => void;
  /** The caller's own transport, producer and consumer figures. */
  'media:stats': (payload: Static<typeof StatsPayloadSchema>, ack: AckCallback<MediaStats>) => void;
  /** Those running the session: open, silence, or give back to the floor rule a point's microphone. */
  'media:mic': (
    payload: Static<typeof MicPayloadSchema>,
    ack: AckCallback<{ state: string }>,
  ) => void;
}

export interface ServerToClientEvents {
  /** People: the login token expires soon; renew it with `auth:refresh`. */
  'auth:expiring': (event: { expiresAt: string }) => void;
  /** People: the token expired without renewal; the server closes the socket (log in again). */
  'auth:expired': (event: { expiredAt: string }) => void;
  /** People: the account changed (a new role); the socket's rights changed with it. */
  'auth:changed': (event: { role: string }) => void;
  /** Pushed after an automatic (re)join (handshake `auth.sessionId`). */
  'session:snapshot': (snapshot: SessionSnapshot) => void;
  /** The lifecycle moved; a cancellation carries its `reason`. */
  'session:status': (event: {
    sessionId: string;
    status: SessionStatus;
    at: string;
    reason?: string;
  }) => void;
  /** To people in the session (not to points): changed rows, batched, and the new summary. */
  'attendance:updated': (event: {
    sessionId: string;
    points: PointAttendance[];
    summary: AttendanceSummary;
  }) => void;
  'rollcall:started': (event: RollCallView) => void;
  'rollcall:closed': (event: RollCallView) => void;
  /** The queue or the floor changed (coalesced per 100 ms). */
  'speaker:queue': (event: SpeakersState) => void;
  'floor:granted': (event: Floor & { sessionId: string }) => void;
  /** Before the end (`overrun: false`), or at the limit when the session only warns (`overrun: true`). */
  'floor:warning': (event: {
    sessionId: string;
    entryId: string;
    code: string;
    endsAt: string;
    remainingSeconds: number;
    overrun: boolean;
  }) => void;
  'floor:ended': (event: Speech & { sessionId: string }) => void;
  /** The server decides what each client consumes: consume, then ack (ok: true) to get it resumed. */
  'media:consumer:new': (
    offer: ConsumerOffer & { sessionId: string },
    ack: AckCallback<{ ready: true }>,
  ) => void;
  'media:consumer:closed': (event: { sessionId: string; consumerId: string }) => void;
  'media:consumer:paused': (event: { sessionId: string; consumerId: string }) => void;
  'media:consumer:resumed': (event: { sessionId: string; consumerId: string }) => void;
  /** Your microphone: muted by the server (no floor, or silenced by a moderator) or open. */
  'media:mic': (event: { sessionId: string; muted: boolean }) => void;
  /** A media worker failed: close your transports and set up media again. */
  'media:reset': (event: { sessionId: string }) => void;
  /** To the people running the session: the loudest microphone. */
  'media:active-speaker': (event: { sessionId: string; code: string }) => void;
}

// biome-ignore lint/suspicious/noEmptyInterface: no cross-server events (one process)
export interface InterServerEvents {}
