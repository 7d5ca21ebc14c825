import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SESSION_STATUSES, type SessionStatus } from '../../src/contract/primitives.js';
import {
  BOOKED,
  EDITABLE,
  inPhase,
  OPERATOR_TRANSITIONS,
  type Phase,
  phase,
  statusesOf,
  TRANSITIONS,
} from '../../src/modules/sessions/lifecycle.js';

/**
 * draft → scheduled → checkin → live → ended (→ archived); cancelled from
 * any state before ended. Written out by hand: the code must agree with it.
 */
const LEGAL = new Set([
  'draft→scheduled',
  'draft→cancelled',
  'scheduled→checkin',
  'scheduled→cancelled',
  'checkin→live',
  'checkin→cancelled',
  'live→ended',
  'live→cancelled',
  'ended→archived',
]);

const allMoves = SESSION_STATUSES.flatMap((from) => SESSION_STATUSES.map((to) => [from, to]));

describe('TRANSITIONS', () => {
  it('knows every status, and no other', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...SESSION_STATUSES].sort());
  });

  it.each(allMoves)('%s → %s is legal exactly when the lifecycle says so', (from, to) => {
    expect(TRANSITIONS[from as SessionStatus].includes(to as SessionStatus)).toBe(
      LEGAL.has(`${from}→${to}`),
    );
  });

  it('a session can be cancelled from every state before it ended, and from none after', () => {
    for (const from of ['draft', 'scheduled', 'checkin', 'live'] as const) {
      expect(TRANSITIONS[from]).toContain('cancelled');
    }
    for (const from of ['ended', 'archived', 'cancelled'] as const) {
      expect(TRANSITIONS[from]).not.toContain('cancelled');
    }
  });

  it('nothing follows archived or cancelled', () => {
    expect(TRANSITIONS.archived).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
  });

  it('any walk from a draft moves forward, never returns, and stops only at archived or cancelled', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 10 }), (choices) => {
        let status: SessionStatus = 'draft';
        const seen = new Set<SessionStatus>([status]);
        for (const choice of choices) {
          const next = TRANSITIONS[status];
          if (next.length === 0) break;
          status = next[choice % next.length] as SessionStatus;
          expect(seen.has(status)).toBe(false);
          seen.add(status);
        }
        expect(['archived', 'cancelled']).toContain(status);
      }),
    );
  });
});

/** Which statuses each named question answers yes for. */
const EXPECTED_PHASES: Record<keyof typeof phase, SessionStatus[]> = {
  attendable: ['scheduled', 'checkin', 'live'],
  checkInOpen: ['checkin', 'live'],
  acceptsRequests: ['checkin', 'live'],
  mediaOpen: ['scheduled', 'checkin', 'live'],
  floorOpen: ['live'],
  micSettable: ['scheduled', 'checkin', 'live'],
  over: ['ended', 'cancelled', 'archived'],
  visibleToPoints: ['scheduled', 'checkin', 'live', 'ended', 'archived', 'cancelled'],
};

const EXPECTED_BY_PHASE: Record<Phase, SessionStatus[]> = {
  attendable: ['scheduled', 'checkin', 'live'],
  open: ['checkin', 'live'],
  live: ['live'],
  micSettable: ['scheduled', 'checkin', 'live'],
  over: ['ended', 'cancelled', 'archived'],
  announced: ['scheduled', 'checkin', 'live', 'ended', 'archived', 'cancelled'],
};

describe('phases', () => {
  it('every named question answers yes exactly for its statuses', () => {
    expect(Object.keys(phase).sort()).toEqual(Object.keys(EXPECTED_PHASES).sort());
    for (const [name, yes] of Object.entries(EXPECTED_PHASES)) {
      for (const status of SESSION_STATUSES) {
        expect(phase[name as keyof typeof phase](status), `${name}(${status})`).toBe(
          yes.includes(status),
        );
      }
    }
  });

  it('inPhase and statusesOf agree with the lifecycle, for every phase', () => {
    for (const [name, yes] of Object.entries(EXPECTED_BY_PHASE) as Array<
      [Phase, SessionStatus[]]
    >) {
      expect(statusesOf(name).sort(), name).toEqual([...yes].sort());
      for (const status of SESSION_STATUSES) {
        expect(inPhase(name, status), `${name}(${status})`).toBe(yes.includes(status));
      }
    }
  });

  it('statusesOf hands out a copy: a caller changing it changes no phase', () => {
    const open = statusesOf('open');
    open.push('draft');
    open.length = 0;
    expect(statusesOf('open').sort()).toEqual(['checkin', 'live']);
    expect(inPhase('open', 'draft')).toBe(false);
    expect(inPhase('open', 'live')).toBe(true);
  });

  it('a draft is the secretariat’s alone: no phase holds for it', () => {
    for (const name of Object.keys(phase) as Array<keyof typeof phase>) {
      expect(phase[name]('draft'), name).toBe(false);
    }
  });

  it('over is exactly where the lifecycle has stopped or only archiving remains', () => {
    for (const status of SESSION_STATUSES) {
      const finished = TRANSITIONS[status].every((next) => next === 'archived');
      expect(phase.over(status), status).toBe(finished);
    }
  });

  it('the floor opens only where media and requests are open, and those only while attendable', () => {
    for (const status of SESSION_STATUSES) {
      if (phase.floorOpen(status)) expect(phase.mediaOpen(status)).toBe(true);
      if (phase.mediaOpen(status)) expect(phase.attendable(status)).toBe(true);
      if (phase.attendable(status)) expect(phase.over(status)).toBe(false);
    }
  });
});

describe('EDITABLE, BOOKED, OPERATOR_TRANSITIONS', () => {
  it('details can change only before the session goes live', () => {
    expect([...EDITABLE].sort()).toEqual(['checkin', 'draft', 'scheduled']);
    for (const status of ['live', 'ended', 'archived', 'cancelled'] as const) {
      expect(EDITABLE.has(status), status).toBe(false);
    }
  });

  it('every status but a draft and a cancelled one holds its points’ time', () => {
    expect([...BOOKED].sort()).toEqual(['archived', 'checkin', 'ended', 'live', 'scheduled']);
    expect(BOOKED).not.toContain('draft');
    expect(BOOKED).not.toContain('cancelled');
  });

  it('the chair and moderators run the briefing (check-in, live, end); the rest is the secretariat’s', () => {
    expect([...OPERATOR_TRANSITIONS].sort()).toEqual(['checkin', 'ended', 'live']);
    for (const target of ['scheduled', 'archived', 'cancelled', 'draft'] as const) {
      expect(OPERATOR_TRANSITIONS.has(target), target).toBe(false);
    }
    // Each operator move is a legal move from somewhere.
    for (const target of OPERATOR_TRANSITIONS) {
      expect(
        SESSION_STATUSES.some((from) => TRANSITIONS[from].includes(target)),
        target,
      ).toBe(true);
    }
  });
});
