// Lengths of time as the record shows them.

/** 75 → "1:15", 3725 → "1:02:05" (hours only when there are any). */
export function durationText(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The attendance statuses in the order a record reads them (for sorting by status). */
export const STATUS_ORDER = { present: 0, late: 1, excused: 2, absent: 3 } as const;

/** Six months back, as the sessions query's `from`. */
export function monthsAgo(months: number, now = new Date()): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}
