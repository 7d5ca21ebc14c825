// The live side of attendance: the points' socket payloads, the board's rows, roll calls.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';

// ---- socket payloads (client → server) ----------------------------------

export const SessionRefSchema = Type.Object({ sessionId: Uuid }, { additionalProperties: false });

export const DelegateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CheckInPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    delegates: Type.Array(DelegateSchema, { minItems: 1, maxItems: 300 }),
  },
  { additionalProperties: false },
);

export const AbsentPayloadSchema = Type.Object(
  { sessionId: Uuid, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const TestFiguresSchema = Type.Object(
  {
    rttMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000 })),
    jitterMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000 })),
    lossPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    uplinkKbps: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })),
    downlinkKbps: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })),
    audioOk: Type.Optional(Type.Boolean()),
    videoOk: Type.Optional(Type.Boolean()),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  },
  { additionalProperties: false },
);

export const TestResultPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    passed: Type.Boolean(),
    figures: Type.Optional(TestFiguresSchema),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const RollCallStartPayloadSchema = Type.Object(
  { sessionId: Uuid, seconds: Type.Integer({ minimum: 5, maximum: 600 }) },
  { additionalProperties: false },
);

export const RollCallAnswerPayloadSchema = Type.Object(
  { sessionId: Uuid, rollCallId: Uuid },
  { additionalProperties: false },
);

// ---- views -----------------------------------------------------------------

export const AttendanceStatusSchema = Type.Enum(['present', 'late', 'absent', 'excused'], {
  description:
    'present: checked in on time; late: first check-in after start + grace; absent: never checked in; excused: absent with a reported reason',
});

/** One invited point on the readiness board and in the attendance record. */
export const PointAttendanceSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: AttendanceStatusSchema,
  credentialIssued: Type.Boolean({
    description: 'the point holds an unrevoked operator credential',
  }),
  testPassed: Nullable(
    Type.Boolean({ description: 'result of the latest test run; null: never ran' }),
  ),
  testAt: Nullable(DateTime),
  testFigures: Nullable(
    Type.Object(TestFiguresSchema.properties, {
      description: 'what the latest test run measured (RTT, jitter, loss, uplink, downlink)',
    }),
  ),
  connected: Type.Boolean(),
  checkedIn: Type.Boolean(),
  checkedInAt: Nullable(DateTime),
  late: Type.Boolean(),
  delegates: Type.Array(DelegateSchema),
  delegatesCount: Type.Integer(),
  rosterOnTime: Nullable(
    Type.Boolean({ description: 'delegate list in by the deadline (T−15 min)' }),
  ),
  onDutyAt: Nullable(DateTime),
  onDutyOnTime: Nullable(Type.Boolean({ description: 'operator connected by T−60 min' })),
  absentReason: Nullable(
    Type.String({
      description: 'the reason the point gave for not attending; kept when it checked in after all',
    }),
  ),
  network: Nullable(
    Type.Object(
      {
        score: Nullable(Type.Number()),
        rttMs: Nullable(Type.Number()),
        lossPercent: Nullable(Type.Number()),
        bitrateKbps: Type.Number(),
        at: DateTime,
      },
      {
        description:
          "the point's media as the SFU last sampled it (score 0–10, RTT, loss, bitrate)",
      },
    ),
  ),
  materials: Type.Object(
    { received: Type.Integer({ minimum: 0 }), of: Type.Integer({ minimum: 0 }) },
    { description: "the session's current materials this point has downloaded, of all" },
  ),
  microphone: Type.Enum(['open', 'closed', 'auto'], {
    description:
      "a moderator's decision on the point's microphone (media:mic): open without the floor, closed even with it, auto: the floor decides",
  }),
  connectedSeconds: Type.Integer({
    description: 'union of connected intervals within the session window',
  }),
  disconnects: Type.Integer(),
  lastSeenAt: Nullable(DateTime),
});

export const AttendanceSummarySchema = Type.Object({
  invited: Type.Integer(),
  present: Type.Integer({ description: 'checked in, on time or late' }),
  late: Type.Integer(),
  absent: Type.Integer({ description: 'never checked in, excused ones included' }),
  excused: Type.Integer(),
  connected: Type.Integer(),
});

export const AttendanceRecordSchema = Type.Object({
  sessionId: Uuid,
  summary: AttendanceSummarySchema,
  points: Type.Array(PointAttendanceSchema),
  total: Type.Optional(
    Type.Integer({ description: 'rows matching the filters, before limit and offset' }),
  ),
});

export const RollCallSchema = Type.Object({
  rollCallId: Uuid,
  sessionId: Uuid,
  startedAt: DateTime,
  deadlineAt: DateTime,
  closedAt: Nullable(DateTime),
  answered: Type.Array(Type.Object({ code: Type.String(), answeredAt: DateTime }), {
    description:
      "who answered; a point's view lists at most its own answer (the counts are for everyone)",
  }),
  notAnswered: Type.Array(Type.String(), {
    description: "codes of invited points that did not answer; a point's view at most its own code",
  }),
  answeredCount: Type.Integer({ minimum: 0 }),
  invitedCount: Type.Integer({ minimum: 0 }),
});

export type SessionRef = Static<typeof SessionRefSchema>;
export type Delegate = Static<typeof DelegateSchema>;
export type CheckInPayload = Static<typeof CheckInPayloadSchema>;
export type AbsentPayload = Static<typeof AbsentPayloadSchema>;
export type TestFigures = Static<typeof TestFiguresSchema>;
export type TestResultPayload = Static<typeof TestResultPayloadSchema>;
export type RollCallStartPayload = Static<typeof RollCallStartPayloadSchema>;
export type RollCallAnswerPayload = Static<typeof RollCallAnswerPayloadSchema>;
export type PointAttendance = Static<typeof PointAttendanceSchema>;
export type AttendanceSummary = Static<typeof AttendanceSummarySchema>;
export type AttendanceRecord = Static<typeof AttendanceRecordSchema>;
export type RollCallView = Static<typeof RollCallSchema>;
