/**
 * The socket.io contract: every event name and payload, client ↔ server.
 *
 * Conventions (see shared CONTRACT.md):
 * - names are `entity:verb`;
 * - every client → server event takes an ack answered with `Ack<T>`; a
 *   payload that fails validation gets `ok: false` and changes nothing;
 * - a refused connection's `connect_error` message is a `HandshakeErrorCode`.
 *
 * `clientEvents` pairs each client event with its payload schema; the
 * server validates with exactly that schema, and the payload types below
 * are derived from it, so a name and its schema cannot drift apart.
 */
import type { types as mediasoup } from 'mediasoup';
import type { Static } from 'typebox';
import {
  AbsentPayloadSchema,
  type AttendanceSummary,
  CheckInPayloadSchema,
  type PointAttendance,
  RollCallAnswerPayloadSchema,
  RollCallStartPayloadSchema,
  type RollCallView,
  SessionRefSchema,
  TestResultPayloadSchema,
} from './attendance.js';
import { RefreshPayloadSchema, type TokenRenewal } from './auth.js';
import type { AckCallback } from './errors.js';
import {
  type ConsumerOffer,
  MediaSessionPayloadSchema,
  type MediaStats,
  MediaTestPayloadSchema,
  MicPayloadSchema,
  type MicState,
  ProducePayloadSchema,
  ProducerRefPayloadSchema,
  StatsPayloadSchema,
  TransportConnectPayloadSchema,
  TransportCreatePayloadSchema,
  type TransportOptions,
  TransportRefPayloadSchema,
  WallPayloadSchema,
} from './media.js';
import type { ConclusionVersion, TextSavedEvent } from './minutes.js';
import type { SessionStatus } from './primitives.js';
import type { RecordingStatusView } from './recording.js';
import type { SessionView } from './sessions.js';
import {
  EndPayloadSchema,
  EntryPayloadSchema,
  type EntryPlace,
  type Floor,
  GrantPayloadSchema,
  InvitePayloadSchema,
  MovePayloadSchema,
  type QueueEntry,
  RejectPayloadSchema,
  RequestPayloadSchema,
  type SpeakersState,
  type Speech,
} from './speakers.js';

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

/**
 * Everything a client needs after joining (or rejoining) a session. A point
 * sees its own attendance row; people see the whole board.
 */
export interface SessionSnapshot {
  /** The session without its invited list: the board lists the invited points. */
  session: Omit<SessionView, 'invitedPoints'>;
  attendance: { summary: AttendanceSummary; points: PointAttendance[] };
  /** The speaker register: the queue in order, and who has the floor. */
  /** Whole for the people and the hall; a point's: the head and its own entries. */
  queue: QueueEntry[];
  /** Entries in the whole queue. */
  queueLength?: number;
  floor: Floor | null;
  rollCall: RollCallView | null;
  // minutes
  /** The latest approved conclusions, if any (so a console joining late shows them). */
  conclusions?: ConclusionVersion | null;
}

/** Every client → server event with the schema its payload must satisfy. */
export const clientEvents = {
  /** People: a fresh login token, before the one the socket holds expires. */
  'auth:refresh': RefreshPayloadSchema,
  /** Joins the session's room; answers with the snapshot. People and invited points. */
  'session:join': SessionRefSchema,
  'session:leave': SessionRefSchema,
  /** Point: check in with the delegates present (repeat = update). */
  'attendance:check-in': CheckInPayloadSchema,
  /** Point: will not attend, with a reason (excused). */
  'attendance:absent': AbsentPayloadSchema,
  /** Point: the result of its technical test run, with the figures it measured. */
  'attendance:test-result': TestResultPayloadSchema,
  /** Chair, moderators of the session, secretariat: every point must answer by the deadline. */
  'rollcall:start': RollCallStartPayloadSchema,
  /** Point: present. */
  'rollcall:answer': RollCallAnswerPayloadSchema,
  /** Point (checked in): asks for the floor; a repeat, or the same key, returns the existing entry. */
  'speaker:request': RequestPayloadSchema,
  /** The point that asked: takes the request back. */
  'speaker:withdraw': EntryPayloadSchema,
  /** Those running the session: moves a queued entry; the others shift. */
  'speaker:move': MovePayloadSchema,
  /** Those running the session: puts a point that did not ask into the queue. */
  'speaker:invite': InvitePayloadSchema,
  /** Those running the session: turns a request down. */
  'speaker:reject': RejectPayloadSchema,
  /** Those running the session: gives the floor to a queued entry for `seconds`. */
  'speaker:grant': GrantPayloadSchema,
  /** Those running the session (the chair takes the floor back), or the speaking point itself. */
  'speaker:end': EndPayloadSchema,
  /** Point in the session: the router's RTP capabilities (mediasoup-client Device.load). */
  'media:capabilities': MediaSessionPayloadSchema,
  /** A WebRTC transport through the worker's WebRtcServer; 'recv' also takes the device's rtpCapabilities. */
  'media:transport:create': TransportCreatePayloadSchema,
  'media:transport:connect': TransportConnectPayloadSchema,
  'media:ice:restart': TransportRefPayloadSchema,
  'media:produce': ProducePayloadSchema,
  'media:producer:close': ProducerRefPayloadSchema,
  /** Point: a technical test run — its own media sent back to it, to measure the real path. */
  'media:test': MediaTestPayloadSchema,
  /** The caller's own transport, producer and consumer figures. */
  'media:stats': StatsPayloadSchema,
  /** Those running the session: open, silence, or give back to the floor rule a point's microphone. */
  'media:mic': MicPayloadSchema,
  /** The central hall: which points its wall shows (a page at national scale). */
  'media:wall': WallPayloadSchema,
} as const;

export type ClientEvent = keyof typeof clientEvents;
export type PayloadOf<E extends ClientEvent> = Static<(typeof clientEvents)[E]>;

/** What each client event's ack carries when it succeeds. */
export interface ClientAcks {
  'auth:refresh': TokenRenewal;
  'session:join': SessionSnapshot;
  'session:leave': { left: true };
  'attendance:check-in': PointAttendance;
  'attendance:absent': PointAttendance;
  'attendance:test-result': PointAttendance;
  'rollcall:start': RollCallView;
  'rollcall:answer': { answeredAt: string };
  'speaker:request': EntryPlace;
  'speaker:withdraw': { withdrawn: true };
  'speaker:move': SpeakersState;
  'speaker:invite': EntryPlace;
  'speaker:reject': { rejected: true };
  'speaker:grant': Floor;
  'speaker:end': Speech;
  'media:capabilities': { routerRtpCapabilities: mediasoup.RtpCapabilities };
  'media:transport:create': TransportOptions;
  'media:transport:connect': { connected: true };
  'media:ice:restart': { iceParameters: mediasoup.IceParameters };
  'media:produce': { producerId: string; paused: boolean };
  'media:producer:close': { closed: true };
  'media:test': { echo: boolean };
  'media:stats': MediaStats;
  'media:mic': { state: MicState };
  'media:wall': { visible: number | null };
}

/** socket.io's typed map, derived from the table and the acks. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadOf<E>, ack: AckCallback<ClientAcks[E]>) => void;
};

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
  /** To those running the session (and the hall): the answers of the last moments (batched per 250 ms). */
  'rollcall:answered': (event: {
    sessionId: string;
    rollCallId: string;
    answers: Array<{ code: string; answeredAt: string }>;
  }) => void;
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
  // minutes
  /** To the people in the session (not points, not the hall): a newer revision of the minutes or draft exists. */
  'minutes:saved': (event: TextSavedEvent) => void;
  /** To every console in the session: the chair approved a version of the conclusions. */
  'conclusions:published': (event: ConclusionVersion) => void;
  // recording
  /** To the people in the session: the recording's status changed (started, failed, stopped). */
  'recording:status': (event: RecordingStatusView) => void;
}

// biome-ignore lint/suspicious/noEmptyInterface: no cross-server events (one process)
export interface InterServerEvents {}
