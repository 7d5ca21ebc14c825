// Calendar arithmetic in Vietnam's time (UTC+7, no daylight saving since
// 1975), whatever zone the PC is set to: every day and hour here is a
// Vietnamese wall-clock one, converted explicitly, never through the
// browser's own zone. Days are 'YYYY-MM-DD' strings, times 'HH:MM'.

const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The instant of a Vietnamese wall-clock day and time, as an ISO string (UTC). */
export function vnToIso(day: string, time = '00:00'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - VN_OFFSET_MS).toISOString();
}

/** The Vietnamese wall-clock day and time of an instant. */
export function isoToVn(iso: string | Date): { day: string; time: string } {
  const ms = (typeof iso === 'string' ? Date.parse(iso) : iso.getTime()) + VN_OFFSET_MS;
  const text = new Date(ms).toISOString();
  return { day: text.slice(0, 10), time: text.slice(11, 16) };
}

/** Today in Vietnam. */
export function vnToday(now: Date = new Date()): string {
  return isoToVn(now).day;
}

/** Minutes since Vietnamese midnight of an instant. */
export function vnMinutes(iso: string): number {
  const { time } = isoToVn(iso);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return hh * 60 + mm;
}

function toUtcMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtcMs(toUtcMs(day) + days * DAY_MS);
}

/** 0 = Monday … 6 = Sunday (the Vietnamese week starts on Monday). */
export function weekdayIndex(day: string): number {
  return (new Date(toUtcMs(day)).getUTCDay() + 6) % 7;
}

/** The Monday of the day's week. */
export function startOfWeek(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** The seven days of the day's week, Monday first. */
export function weekDays(day: string): string[] {
  const monday = startOfWeek(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The same day of the month `months` later, clamped to the month's last day (31/1 + 1 → 28/2). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(year, month, Math.min(d, last)));
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/**
 * The month's grid: whole weeks, Monday first, from the week of the 1st to
 * the week of the last day (4–6 rows); days of the neighbouring months fill
 * the first and last rows.
 */
export function monthGrid(day: string): string[][] {
  const first = firstOfMonth(day);
  const last = addDays(addMonths(first, 1), -1);
  const weeks: string[][] = [];
  for (let monday = startOfWeek(first); monday <= last; monday = addDays(monday, 7))
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  return weeks;
}

/** The instants [from, to) a view covers, to ask the server for its sessions. */
export function viewRange(view: 'month' | 'week', day: string): { from: string; to: string } {
  const days = view === 'month' ? monthGrid(day).flat() : weekDays(day);
  const first = days[0] as string;
  const last = days[days.length - 1] as string;
  return { from: vnToIso(first), to: vnToIso(addDays(last, 1)) };
}

/** The view's day after moving one step (a month or a week) back or forth. */
export function stepView(view: 'month' | 'week', day: string, step: number): string {
  return view === 'month' ? addMonths(firstOfMonth(day), step) : addDays(day, 7 * step);
}

/** The Vietnamese days a session touches (an evening session running past midnight: two). */
export function sessionDays(startsAt: string, endsAt: string): string[] {
  const first = isoToVn(startsAt).day;
  // A session ending exactly at midnight does not touch the next day.
  const last = isoToVn(new Date(Date.parse(endsAt) - 1)).day;
  const days = [first];
  for (let d = addDays(first, 1); d <= last && days.length < 32; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Sessions by the Vietnamese day they touch, each day's in order of start. */
export function byDay<T extends { startsAt: string; endsAt: string }>(
  sessions: readonly T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  const sorted = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const s of sorted)
    for (const day of sessionDays(s.startsAt, s.endsAt)) {
      const list = map.get(day) ?? [];
      list.push(s);
      map.set(day, list);
    }
  return map;
}

/** 'DD/MM/YYYY' of a day. */
export function dayLabel(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** The day is a real calendar day in 'YYYY-MM-DD'. */
export function isDay(text: string | null | undefined): text is string {
  return (
    typeof text === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    fromUtcMs(toUtcMs(text)) === text
  );
}
