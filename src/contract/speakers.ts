// The speaker register: the socket payloads of requests and the floor, and its views.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, type SpeakerStatus, Uuid } from './primitives.js';

const Topic = Type.String({ minLength: 1, maxLength: 300 });
const AgendaPosition = Type.Integer({
  minimum: 1,
  maximum: 100,
  description: 'the agenda item it is about',
});

// ---- socket payloads -------------------------------------------------------

export const RequestPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    topic: Type.Optional(Topic),
    agendaPosition: Type.Optional(AgendaPosition),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'idempotency key: the same key twice is one request',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EntryPayloadSchema = Type.Object(
  { sessionId: Uuid, entryId: Uuid },
  { additionalProperties: false },
);

export const MovePayloadSchema = Type.Object(
  { sessionId: Uuid, entryId: Uuid, position: Type.Integer({ minimum: 1, maximum: 100_000 }) },
  { additionalProperties: false },
);

export const InvitePayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    pointCode: Type.String({ minLength: 1, maxLength: 64 }),
    topic: Type.Optional(Topic),
    agendaPosition: Type.Optional(AgendaPosition),
    position: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'default: the end of the queue' }),
    ),
  },
  { additionalProperties: false },
);

export const RejectPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    entryId: Uuid,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const GrantPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    entryId: Uuid,
    seconds: Type.Optional(
      Type.Integer({
        minimum: 5,
        maximum: 7200,
        description: "default: the session's speaking time",
      }),
    ),
  },
  { additionalProperties: false },
);

export const EndPayloadSchema = Type.Object({ sessionId: Uuid }, { additionalProperties: false });

// ---- views -----------------------------------------------------------------

export const QueueEntrySchema = Type.Object({
  entryId: Uuid,
  code: Type.String(),
  name: Type.String(),
  position: Type.Integer({ minimum: 1 }),
  topic: Nullable(Type.String()),
  agendaPosition: Nullable(Type.Integer()),
  origin: Type.Enum(['request', 'invited']),
  requestedAt: DateTime,
});

export const FloorSchema = Type.Object({
  entryId: Uuid,
  code: Type.String(),
  name: Type.String(),
  topic: Nullable(Type.String()),
  agendaPosition: Nullable(Type.Integer()),
  startedAt: DateTime,
  endsAt: DateTime,
  seconds: Type.Integer({ description: 'granted speaking time' }),
  overrun: Type.Enum(['end', 'warn'], {
    description: 'at the limit the floor ends, or only warns',
  }),
});

export const SpeechSchema = Type.Object({
  entryId: Uuid,
  code: Type.String(),
  name: Type.String(),
  topic: Nullable(Type.String()),
  agendaPosition: Nullable(Type.Integer()),
  grantedAt: DateTime,
  endedAt: DateTime,
  seconds: Type.Integer({ description: 'actual length: endedAt − grantedAt, rounded' }),
  grantedSeconds: Type.Integer(),
  endReason: Type.Enum(['time', 'speaker', 'moderator', 'chair', 'session'], {
    description: "'session': the session ended or was cancelled during the speech",
  }),
});

export const SpeakersStateSchema = Type.Object({
  current: Nullable(FloorSchema),
  queue: Type.Array(QueueEntrySchema, {
    description:
      "the whole queue for the people running the session and the hall; a point's view holds its head and the point's own entries",
  }),
  length: Type.Optional(Type.Integer({ minimum: 0, description: 'entries in the whole queue' })),
});

export const SpeakersRecordSchema = Type.Object({
  sessionId: Uuid,
  current: Nullable(FloorSchema),
  queue: Type.Array(QueueEntrySchema),
  history: Type.Array(SpeechSchema),
  unheard: Type.Array(
    Type.Object({
      entryId: Uuid,
      code: Type.String(),
      name: Type.String(),
      topic: Nullable(Type.String()),
      agendaPosition: Nullable(Type.Integer()),
      origin: Type.Enum(['request', 'invited']),
      requestedAt: DateTime,
    }),
    { description: 'requests still queued when the session ended (status lapsed)' },
  ),
  agenda: Type.Array(
    Type.Object({
      position: Type.Integer(),
      title: Type.String(),
      plannedSpeeches: Nullable(Type.Integer()),
      actualSpeeches: Type.Integer(),
    }),
    { description: 'planned number of speeches per agenda item beside the actual' },
  ),
});

/** The queue in order and who has the floor (`speaker:queue`, the answer to `speaker:move`). */
export interface SpeakersState {
  sessionId: string;
  current: Floor | null;
  /** Whole for the people and the hall; a point's view: the head and its own entries. */
  queue: QueueEntry[];
  /** Entries in the whole queue. */
  length?: number;
}

/** What a request or an invitation answers: the entry and its place (null once it has the floor). */
export interface EntryPlace {
  entryId: string;
  position: number | null;
  /** `lapsed`: still queued when the session ended. */
  status: SpeakerStatus;
}

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
export type EndReason = Speech['endReason'];
export type SpeakersRecord = Static<typeof SpeakersRecordSchema>;
