// The arithmetic of the attendance record, apart from any query: connection
// time as a union of intervals, and a summary counted from rows.
import type { AttendanceSummary, PointAttendance } from '../../contract/index.js';

export interface Interval {
  openedAt: Date;
  closedAt: Date | null;
  lastSeenAt: Date;
}

/**
 * Seconds covered by the union of the intervals inside [from, to]: overlaps
 * (two devices, a reconnect racing the old socket) count once. An open
 * interval runs until `now`.
 */
export function unionSeconds(intervals: Interval[], from: number, to: number, now: number): number {
  const spans = intervals
    .map(
      (i) =>
        [Math.max(i.openedAt.getTime(), from), Math.min(i.closedAt?.getTime() ?? now, to)] as const,
    )
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [start, end] = [Number.NaN, Number.NaN];
  for (const [a, b] of spans) {
    if (Number.isNaN(start) || a > end) {
      if (!Number.isNaN(start)) total += end - start;
      [start, end] = [a, b];
    } else end = Math.max(end, b);
  }
  if (!Number.isNaN(start)) total += end - start;
  return Math.round(total / 1000);
}

export function summarise(rows: PointAttendance[]): AttendanceSummary {
  const count = (f: (r: PointAttendance) => boolean) => rows.filter(f).length;
  return {
    invited: rows.length,
    present: count((r) => r.checkedIn),
    late: count((r) => r.status === 'late'),
    absent: count((r) => !r.checkedIn),
    excused: count((r) => r.status === 'excused'),
    connected: count((r) => r.connected),
  };
}
