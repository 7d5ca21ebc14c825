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

/** The statuses in which a phase holds: one place for what each phase of a session allows. */
const PHASES = {
  /** Points are on duty and attending: presence is kept, absences and test runs are reported. */
  attendable: ['scheduled', 'checkin', 'live'],
  /** Points check in, answer roll calls, ask for the floor, and have media. */
  open: ['checkin', 'live'],
  /** The floor can be given. */
  live: ['live'],
  /** Moderators may set microphones ahead of the briefing, not after it. */
  micSettable: ['scheduled', 'checkin', 'live'],
  /** Over: no more presence, queue or media (its register is closed). */
  over: ['ended', 'cancelled', 'archived'],
  /** Points see it (a draft is still the secretariat's). */
  announced: ['scheduled', 'checkin', 'live', 'ended', 'archived', 'cancelled'],
} as const satisfies Record<string, readonly SessionStatus[]>;

export type Phase = keyof typeof PHASES;

/** Whether a session in `status` is in `phase`. */
export const inPhase = (phase: Phase, status: SessionStatus): boolean =>
  (PHASES[phase] as readonly SessionStatus[]).includes(status);

/** The statuses of a phase, for queries (`where status in …`). */
export const statusesOf = (phase: Phase): SessionStatus[] => [...PHASES[phase]];

/** Named questions the other modules ask of a session's status. */
export const phase = {
  /** Presence is tracked; absences and test runs may be reported. */
  attendable: (status: SessionStatus) => inPhase('attendable', status),
  /** Check-in, roll calls, requests to speak and media. */
  checkInOpen: (status: SessionStatus) => inPhase('open', status),
  acceptsRequests: (status: SessionStatus) => inPhase('open', status),
  /** Media flows from the day it is scheduled: the technical test run comes before check-in. */
  mediaOpen: (status: SessionStatus) => inPhase('attendable', status),
  /** The floor can be given. */
  floorOpen: (status: SessionStatus) => inPhase('live', status),
  micSettable: (status: SessionStatus) => inPhase('micSettable', status),
  over: (status: SessionStatus) => inPhase('over', status),
  visibleToPoints: (status: SessionStatus) => inPhase('announced', status),
};

/** Longest session the scheduler accepts. */
export const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
