import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PointAttendance } from '../../src/contract/index.js';
import { summarise, unionSeconds } from '../../src/modules/attendance/figures.js';

const S = 1_000;
/** An interval in seconds; `closed` null: still open. */
const span = (opened: number, closed: number | null, lastSeen = closed ?? opened) => ({
  openedAt: new Date(opened * S),
  closedAt: closed === null ? null : new Date(closed * S),
  lastSeenAt: new Date(lastSeen * S),
});

describe('unionSeconds', () => {
  it('is 0 with no intervals, and the length of a single one inside the window', () => {
    expect(unionSeconds([], 0, 1000 * S, 1000 * S)).toBe(0);
    expect(unionSeconds([span(10, 70)], 0, 1000 * S, 1000 * S)).toBe(60);
  });

  it('counts overlapping time once (two devices, a reconnect racing the old socket)', () => {
    expect(unionSeconds([span(0, 60), span(30, 90)], 0, 1000 * S, 1000 * S)).toBe(90);
    expect(unionSeconds([span(0, 100), span(10, 20)], 0, 1000 * S, 1000 * S)).toBe(100);
    expect(unionSeconds([span(0, 60), span(0, 60)], 0, 1000 * S, 1000 * S)).toBe(60);
    expect(unionSeconds([span(0, 30), span(30, 60)], 0, 1000 * S, 1000 * S)).toBe(60);
  });

  it('adds disjoint intervals, in whatever order they come', () => {
    expect(unionSeconds([span(50, 60), span(0, 10), span(20, 30)], 0, 100 * S, 100 * S)).toBe(30);
    // A later interval overlapping an earlier, listed first.
    expect(unionSeconds([span(40, 90), span(0, 10), span(5, 50)], 0, 100 * S, 100 * S)).toBe(90);
  });

  it('counts only what lies inside [from, to]', () => {
    expect(unionSeconds([span(-100, 50)], 0, 100 * S, 1000 * S)).toBe(50);
    expect(unionSeconds([span(50, 500)], 0, 100 * S, 1000 * S)).toBe(50);
    expect(unionSeconds([span(-100, 500)], 0, 100 * S, 1000 * S)).toBe(100);
    expect(unionSeconds([span(-100, -10), span(200, 300)], 0, 100 * S, 1000 * S)).toBe(0);
    expect(unionSeconds([span(100, 150)], 0, 100 * S, 1000 * S)).toBe(0);
  });

  it('runs an open interval until now (not its last-seen time), clipped at to', () => {
    expect(unionSeconds([span(10, null, 15)], 0, 1000 * S, 70 * S)).toBe(60);
    expect(unionSeconds([span(10, null)], 0, 40 * S, 70 * S)).toBe(30);
    // Opened after now: nothing yet.
    expect(unionSeconds([span(80, null)], 0, 1000 * S, 70 * S)).toBe(0);
    // An open interval swallowing a closed one.
    expect(unionSeconds([span(10, null), span(20, 30)], 0, 1000 * S, 70 * S)).toBe(60);
  });

  it('rounds to the nearest second', () => {
    const ms = (opened: number, closed: number) => ({
      openedAt: new Date(opened),
      closedAt: new Date(closed),
      lastSeenAt: new Date(closed),
    });
    expect(unionSeconds([ms(0, 1_499)], 0, 10 * S, 10 * S)).toBe(1);
    expect(unionSeconds([ms(0, 1_500)], 0, 10 * S, 10 * S)).toBe(2);
    expect(unionSeconds([ms(0, 400), ms(300, 700)], 0, 10 * S, 10 * S)).toBe(1);
  });

  it('equals a brute-force count of the covered seconds (property)', () => {
    const second = fc.integer({ min: -20, max: 140 });
    const interval = fc
      .record({ opened: second, length: fc.integer({ min: 0, max: 80 }), open: fc.boolean() })
      .map(({ opened, length, open }) => span(opened, open ? null : opened + length));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 12 }),
        fc.integer({ min: -10, max: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: -10, max: 150 }),
        (intervals, from, length, now) => {
          const to = from + length;
          let covered = 0;
          for (let s = from; s < to; s++) {
            const inside = intervals.some((i) => {
              const opened = i.openedAt.getTime() / S;
              const end = i.closedAt ? i.closedAt.getTime() / S : now;
              return opened <= s && s + 1 <= end;
            });
            if (inside) covered++;
          }
          expect(unionSeconds(intervals, from * S, to * S, now * S)).toBe(covered);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the intervals, never exceeds the window, never falls below one interval (property)', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 50_000 }))
      .map(([opened, length]) => ({
        openedAt: new Date(opened),
        closedAt: new Date(opened + length),
        lastSeenAt: new Date(opened + length),
      }));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 15 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (intervals, from, length) => {
          const to = from + length;
          const total = unionSeconds(intervals, from, to, to);
          expect(unionSeconds([...intervals].reverse(), from, to, to)).toBe(total);
          expect(total).toBeLessThanOrEqual(Math.round(length / S));
          for (const i of intervals) {
            expect(total).toBeGreaterThanOrEqual(unionSeconds([i], from, to, to));
          }
        },
      ),
    );
  });
});

type Status = PointAttendance['status'];
let n = 0;
function row(status: Status, connected: boolean): PointAttendance {
  const checkedIn = status === 'present' || status === 'late';
  n++;
  return {
    code: `p-${n}`,
    name: `Point ${n}`,
    kind: 'commune',
    status,
    credentialIssued: true,
    testPassed: null,
    testAt: null,
    testFigures: null,
    connected,
    checkedIn,
    checkedInAt: checkedIn ? '2026-05-04T07:55:00.000Z' : null,
    late: status === 'late',
    delegates: [],
    delegatesCount: 0,
    rosterOnTime: null,
    onDutyAt: null,
    onDutyOnTime: null,
    absentReason: status === 'excused' ? 'flooding' : null,
    network: null,
    microphone: 'auto',
    materials: { received: 0, of: 0 },
    connectedSeconds: 0,
    disconnects: 0,
    lastSeenAt: null,
  };
}

describe('summarise', () => {
  it('is all zeros for no rows', () => {
    expect(summarise([])).toEqual({
      invited: 0,
      present: 0,
      late: 0,
      absent: 0,
      excused: 0,
      connected: 0,
    });
  });

  it('present counts the late ones too; absent counts the excused ones too', () => {
    const rows = [
      row('present', true),
      row('present', false),
      row('late', true),
      row('absent', false),
      row('absent', true),
      row('excused', false),
    ];
    expect(summarise(rows)).toEqual({
      invited: 6,
      present: 3,
      late: 1,
      absent: 3,
      excused: 1,
      connected: 3,
    });
  });

  it('adds up for any board (property)', () => {
    const rows = fc.array(
      fc
        .tuple(fc.constantFrom<Status>('present', 'late', 'absent', 'excused'), fc.boolean())
        .map(([status, connected]) => row(status, connected)),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(rows, (rows) => {
        const s = summarise(rows);
        const of = (status: Status) => rows.filter((r) => r.status === status).length;
        expect(s.invited).toBe(rows.length);
        expect(s.present).toBe(of('present') + of('late'));
        expect(s.late).toBe(of('late'));
        expect(s.absent).toBe(of('absent') + of('excused'));
        expect(s.excused).toBe(of('excused'));
        expect(s.present + s.absent).toBe(s.invited);
        expect(s.connected).toBe(rows.filter((r) => r.connected).length);
      }),
    );
  });
});
