import { describe, expect, it } from 'vitest';
import {
  addMonths,
  byDay,
  isDay,
  isoToVn,
  monthGrid,
  sessionDays,
  stepView,
  viewRange,
  vnToday,
  vnToIso,
  weekDays,
  weekdayIndex,
} from '../src/features/secretariat/calendar/dates.js';

describe('Vietnam time, whatever the PC zone', () => {
  it('converts a Vietnamese wall-clock time to the instant and back', () => {
    expect(vnToIso('2026-06-01', '08:00')).toBe('2026-06-01T01:00:00.000Z');
    // Before 07:00 in Vietnam is the previous day in UTC.
    expect(vnToIso('2026-06-01', '06:30')).toBe('2026-05-31T23:30:00.000Z');
    expect(isoToVn('2026-05-31T23:30:00.000Z')).toEqual({ day: '2026-06-01', time: '06:30' });
    expect(isoToVn('2026-12-31T17:00:00Z')).toEqual({ day: '2027-01-01', time: '00:00' });
    // Vietnam has no daylight saving: the same offset in winter and summer.
    expect(vnToIso('2026-01-15', '14:00')).toBe('2026-01-15T07:00:00.000Z');
    expect(vnToIso('2026-07-15', '14:00')).toBe('2026-07-15T07:00:00.000Z');
  });

  it("today is Vietnam's today near midnight", () => {
    expect(vnToday(new Date('2026-03-01T16:59:00Z'))).toBe('2026-03-01');
    expect(vnToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      expect(vnToIso('2026-03-29', '08:00')).toBe('2026-03-29T01:00:00.000Z');
      expect(monthGrid('2026-03-15')[0]?.[0]).toBe('2026-02-23');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('the month grid', () => {
  it('starts on Monday and covers whole weeks', () => {
    // June 2026: the 1st is a Monday, the 30th a Tuesday.
    const june = monthGrid('2026-06-17');
    expect(june).toHaveLength(5);
    expect(june[0]).toEqual(weekDays('2026-06-01'));
    expect(june[0]?.[0]).toBe('2026-06-01');
    expect(june[4]?.[6]).toBe('2026-07-05');
    // March 2026: the 1st is a Sunday, so the grid opens on Monday 23 February and has 6 rows.
    const march = monthGrid('2026-03-01');
    expect(march).toHaveLength(6);
    expect(march[0]?.[0]).toBe('2026-02-23');
    expect(march[0]?.[6]).toBe('2026-03-01');
    expect(march[5]?.[6]).toBe('2026-04-05');
    // February 2027 starts on a Monday and has exactly 4 weeks.
    expect(monthGrid('2027-02-10')).toHaveLength(4);
    for (const week of march) expect(week.map(weekdayIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('asks the server for the grid in Vietnamese midnights', () => {
    expect(viewRange('month', '2026-06-17')).toEqual({
      from: '2026-05-31T17:00:00.000Z',
      to: '2026-07-05T17:00:00.000Z',
    });
    expect(viewRange('week', '2026-06-17')).toEqual({
      from: '2026-06-14T17:00:00.000Z',
      to: '2026-06-21T17:00:00.000Z',
    });
  });

  it('steps by months (clamped to the month end) and weeks', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(stepView('month', '2026-06-17', 1)).toBe('2026-07-01');
    expect(stepView('week', '2026-06-17', -1)).toBe('2026-06-10');
  });

  it('places sessions on the Vietnamese days they touch', () => {
    const early = { id: 'a', startsAt: '2026-06-01T23:30:00Z', endsAt: '2026-06-02T02:00:00Z' };
    const late = { id: 'b', startsAt: '2026-06-02T01:00:00Z', endsAt: '2026-06-02T04:00:00Z' };
    const night = { id: 'c', startsAt: '2026-06-03T14:00:00Z', endsAt: '2026-06-03T18:00:00Z' };
    const days = byDay([late, night, early]);
    // 06:30 Vietnam on 2 June although 1 June in UTC; in order of start.
    expect(days.get('2026-06-02')?.map((s) => s.id)).toEqual(['a', 'b']);
    expect(days.get('2026-06-01')).toBeUndefined();
    expect(days.get('2026-06-03')?.map((s) => s.id)).toEqual(['c']);
    expect(days.get('2026-06-04')?.map((s) => s.id)).toEqual(['c']);
    // Ending at midnight exactly does not touch the next day.
    expect(sessionDays('2026-06-05T10:00:00Z', '2026-06-05T17:00:00Z')).toEqual(['2026-06-05']);
  });

  it('reads a day from the address only when it is a real day', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-6-1')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});
