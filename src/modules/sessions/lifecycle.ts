import type { SessionStatus } from '../../contract/index.js';

/**
 * draft → scheduled → checkin → live → ended (→ archived); cancelled from
 * any state before ended. Anything else is an illegal transition (409).
 */
export const TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['checkin', 'cancelled'],
  checkin: ['live', 'cancelled'],
  live: ['ended', 'cancelled'],
  ended: ['archived'],
  archived: [],
  cancelled: [],
};

/** Moves the chair and the session's moderators may make; the rest is the secretariat's. */
export const OPERATOR_TRANSITIONS: ReadonlySet<SessionStatus> = new Set([
  'checkin',
  'live',
  'ended',
]);

/** Details (title, time, invitations, agenda) can change only before the session goes live. */
export const EDITABLE: ReadonlySet<SessionStatus> = new Set(['draft', 'scheduled', 'checkin']);

/** A session holding its points' time: everything but drafts and cancelled ones. */
export const BOOKED: readonly SessionStatus[] = [
  'scheduled',
  'checkin',
  'live',
  'ended',
  'archived',
];

/** Longest session the scheduler accepts. */
export const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
