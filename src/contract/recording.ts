// Recording of a session: its status on the desk, the index of parts,
// segments and speeches, and the settings.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';

export const RECORDING_STATUSES = ['off', 'starting', 'recording', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RecordingStatusSchema = Type.Object(
  {
    sessionId: Uuid,
    /** What those running the session asked for (on survives restarts and failures). */
    wanted: Type.Boolean(),
    status: Type.Enum([...RECORDING_STATUSES]),
    /** Since when the status holds ("recording since hh:mm"). */
    since: DateTime,
    recordAutomatically: Type.Boolean(),
    /** For 'failed': a stable code (RECORDING_FFMPEG_FAILED, RECORDING_DISK_FULL, RECORDING_NOT_WRITABLE…) and the reason. */
    code: Nullable(Type.String()),
    reason: Nullable(Type.String()),
  },
  { $id: 'RecordingStatus' },
);
export type RecordingStatusView = Static<typeof RecordingStatusSchema>;

export const RecordingSettingsSchema = Type.Object(
  { recordAutomatically: Type.Boolean() },
  { additionalProperties: false },
);

export const RecordingSegmentSchema = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  /** Start within its part, and within the whole recording (gaps left out), seconds. */
  startSeconds: Type.Number(),
  offsetSeconds: Type.Number(),
  durationSeconds: Type.Number(),
  bytes: Type.Integer(),
  /** GET it (Range supported); add ?download=1 to save it. */
  url: Type.String(),
});
export type RecordingSegment = Static<typeof RecordingSegmentSchema>;

export const RecordingPartSchema = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  startedAt: DateTime,
  endedAt: Nullable(DateTime),
  status: Type.Enum(['recording', 'finished', 'failed']),
  endReason: Nullable(Type.String()),
  hasVideo: Type.Boolean(),
  /** Where the part begins in the whole recording, seconds. */
  offsetSeconds: Type.Number(),
  durationSeconds: Type.Number(),
  segments: Type.Array(RecordingSegmentSchema),
});
export type RecordingPart = Static<typeof RecordingPartSchema>;

/** A moment of the session placed in the recording. */
export const RecordingPlaceSchema = Type.Object({
  /** Seconds from the start of the recording (its first part), gaps left out. */
  offsetSeconds: Type.Number(),
  partSeq: Type.Integer(),
  segmentId: Nullable(Uuid),
  /** Seconds from the start of that segment. */
  segmentOffsetSeconds: Type.Number(),
  /** The moment fell in a gap (nothing was recorded then): placed at the next recorded moment. */
  inGap: Type.Boolean(),
});
export type RecordingPlace = Static<typeof RecordingPlaceSchema>;

export const RecordedSpeechSchema = Type.Object({
  entryId: Uuid,
  code: Type.String(),
  name: Type.String(),
  startedAt: DateTime,
  endedAt: Nullable(DateTime),
  start: Nullable(RecordingPlaceSchema),
  end: Nullable(RecordingPlaceSchema),
});
export type RecordedSpeech = Static<typeof RecordedSpeechSchema>;

export const RecordingIndexSchema = Type.Object(
  {
    sessionId: Uuid,
    status: RecordingStatusSchema,
    totalSeconds: Type.Number(),
    parts: Type.Array(RecordingPartSchema),
    /** Time between parts when nothing was recorded (a worker or server restart). */
    gaps: Type.Array(
      Type.Object({
        afterPart: Type.Integer(),
        from: DateTime,
        to: DateTime,
        seconds: Type.Number(),
      }),
    ),
    speeches: Type.Array(RecordedSpeechSchema),
  },
  { $id: 'RecordingIndex' },
);
export type RecordingIndex = Static<typeof RecordingIndexSchema>;
