// Sessions as the API schedules and shows them.
import Type, { type Static } from 'typebox';
import { PointCode, SESSION_KINDS, SESSION_STATUSES, Username } from './primitives.js';

export const SessionKindSchema = Type.Enum(SESSION_KINDS);
export const SessionStatusSchema = Type.Enum(SESSION_STATUSES);
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const AgendaItemInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    presenter: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    plannedMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    plannedSpeeches: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const SpeechRulesSchema = Type.Object(
  {
    seconds: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 7200, description: 'default speaking time per grant' }),
    ),
    warningSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600,
        description: 'floor:warning this long before the end',
      }),
    ),
    overrun: Type.Optional(
      Type.Enum(['end', 'warn'], { description: 'at the limit: end the floor, or only warn' }),
    ),
  },
  { additionalProperties: false },
);

const sessionFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  kind: SessionKindSchema,
  startsAt: DateTime,
  endsAt: DateTime,
  urgent: Type.Boolean({ description: 'exempt from the minimum notice' }),
  chairUsername: Type.Union([Username, Type.Null()], { description: 'a user with the chair role' }),
  moderatorUsernames: Type.Array(Username, { maxItems: 50, uniqueItems: true }),
  agenda: Type.Array(AgendaItemInput, { maxItems: 100 }),
  invitedPointCodes: Type.Array(PointCode, {
    minItems: 1,
    maxItems: 50_000,
    uniqueItems: true,
    description: 'omitted on create: every active point',
  }),
};

export const CreateSessionBody = Type.Object(
  {
    title: sessionFields.title,
    kind: sessionFields.kind,
    startsAt: sessionFields.startsAt,
    endsAt: sessionFields.endsAt,
    urgent: Type.Optional(sessionFields.urgent),
    draft: Type.Optional(
      Type.Boolean({ description: 'create as a draft: no clash or notice check until scheduled' }),
    ),
    chairUsername: Type.Optional(sessionFields.chairUsername),
    moderatorUsernames: Type.Optional(sessionFields.moderatorUsernames),
    agenda: Type.Optional(sessionFields.agenda),
    invitedPointCodes: Type.Optional(sessionFields.invitedPointCodes),
    speech: Type.Optional(SpeechRulesSchema),
  },
  { additionalProperties: false },
);

export const UpdateSessionBody = Type.Object(
  {
    title: Type.Optional(sessionFields.title),
    kind: Type.Optional(sessionFields.kind),
    startsAt: Type.Optional(sessionFields.startsAt),
    endsAt: Type.Optional(sessionFields.endsAt),
    urgent: Type.Optional(sessionFields.urgent),
    chairUsername: Type.Optional(sessionFields.chairUsername),
    moderatorUsernames: Type.Optional(sessionFields.moderatorUsernames),
    agenda: Type.Optional(sessionFields.agenda),
    invitedPointCodes: Type.Optional(sessionFields.invitedPointCodes),
    speech: Type.Optional(SpeechRulesSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

const PersonSchema = Type.Object({
  username: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
});

export const SessionSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  kind: SessionKindSchema,
  status: SessionStatusSchema,
  startsAt: DateTime,
  endsAt: DateTime,
  urgent: Type.Boolean(),
  speech: Type.Object({
    seconds: Type.Integer(),
    warningSeconds: Type.Integer(),
    overrun: Type.Enum(['end', 'warn']),
  }),
  invitedCount: Type.Integer(),
  checkinOpenedAt: NullableDateTime,
  startedAt: NullableDateTime,
  endedAt: NullableDateTime,
  cancelledAt: NullableDateTime,
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const SessionSchema = Type.Object({
  ...SessionSummarySchema.properties,
  chair: Type.Union([PersonSchema, Type.Null()]),
  moderators: Type.Array(PersonSchema),
  agenda: Type.Array(
    Type.Object({
      position: Type.Integer({ minimum: 1 }),
      title: Type.String(),
      presenter: Type.Union([Type.String(), Type.Null()]),
      plannedMinutes: Type.Union([Type.Integer(), Type.Null()]),
      plannedSpeeches: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  invitedPoints: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      active: Type.Boolean(),
    }),
  ),
  convener: Type.String({ description: 'who convenes: the organisation named in the invitation' }),
});

export const DuplicateSessionBody = Type.Object(
  {
    startsAt: DateTime,
    endsAt: Type.Optional(DateTime),
    title: Type.Optional(sessionFields.title),
    draft: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SessionListQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.Optional(
    Type.Array(Type.Enum(SESSION_STATUSES), {
      description: 'repeat or comma-separate: status=scheduled,live',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
});

export const StatusChangeBody = Type.Object(
  {
    status: Type.Enum(['scheduled', 'checkin', 'live', 'ended', 'archived', 'cancelled']),
    reason: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'why: required to cancel; stored, audited and sent to the points',
      }),
    ),
  },
  { additionalProperties: false },
);

export type SessionView = Static<typeof SessionSchema>;
export type SessionSummary = Static<typeof SessionSummarySchema>;
export type CreateSessionInput = Static<typeof CreateSessionBody>;
export type UpdateSessionInput = Static<typeof UpdateSessionBody>;
