// The vocabulary every part of the contract shares: ids, times, codes and
// the fixed sets of kinds, roles and statuses (the database's enums are
// declared from these).
import Type from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const USER_ROLES = ['secretariat', 'chair', 'moderator', 'observer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const POINT_KINDS = [
  'central-hall',
  'central-body',
  'province',
  'district',
  'commune',
] as const;
export type PointKind = (typeof POINT_KINDS)[number];
export const POINT_CODE_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const SESSION_KINDS = [
  'monthly',
  'quarterly',
  'half-year',
  'thematic',
  'extraordinary',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = [
  'draft',
  'scheduled',
  'checkin',
  'live',
  'ended',
  'archived',
  'cancelled',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A request to speak: queued, on the floor, heard, taken back, turned down, or never heard (the session ended). */
export const SPEAKER_STATUSES = [
  'queued',
  'speaking',
  'spoken',
  'withdrawn',
  'rejected',
  'lapsed',
] as const;
export type SpeakerStatus = (typeof SPEAKER_STATUSES)[number];

export const MEDIA_SOURCES = ['camera', 'mic', 'screen'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

export const PointCode = Type.String({
  pattern: POINT_CODE_PATTERN,
  description: 'lower-case letters, digits and dashes, e.g. `ha-noi`',
});
export const Username = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{1,63}$',
  description: 'lower-case letters, digits, dot, dash, underscore; 2–64 characters',
});
