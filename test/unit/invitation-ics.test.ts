import { describe, expect, it } from 'vitest';
import { type CalendarEntry, calendar, invitationText } from '../../src/modules/invitations/ics.js';

const session: CalendarEntry['session'] = {
  id: '7b0c8f1e-2d7a-4a57-9a55-2c1d1b2f3e4a',
  title: 'Giao ban tháng 12, năm 2026',
  kind: 'monthly',
  status: 'scheduled',
  startsAt: '2026-12-15T01:00:00.000Z',
  endsAt: '2026-12-15T04:30:00.000Z',
  urgent: false,
  speech: { seconds: 300, warningSeconds: 30, overrun: 'end' },
  invitedCount: 35,
  checkinOpenedAt: null,
  startedAt: null,
  endedAt: null,
  cancelledAt: null,
  cancelReason: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
  chair: { username: 'chu-tri', displayName: 'Đồng chí Trưởng ban' },
  moderators: [],
  agenda: [
    {
      position: 1,
      title: 'Báo cáo',
      presenter: 'Vụ Tổng hợp',
      plannedMinutes: 30,
      plannedSpeeches: null,
    },
    { position: 2, title: 'Thảo luận', presenter: null, plannedMinutes: null, plannedSpeeches: 11 },
  ],
  convener: 'Ban Tổ chức Trung ương',
};
const entry = { session, url: 'https://giaoban.example/point/x' };
const unfold = (ics: string) => ics.replaceAll(/\r\n[ \t]/g, '');

describe('invitations as iCalendar', () => {
  it('states the convener, the time in Vietnam, the chair, the agenda and where to join', () => {
    const text = invitationText(entry);
    expect(text).toContain('Đơn vị triệu tập: Ban Tổ chức Trung ương');
    expect(text).toMatch(/Thời gian: .*15\/12\/2026.*08:00 – 11:30 \(giờ Việt Nam\)/);
    expect(text).toContain('Chủ trì: Đồng chí Trưởng ban');
    expect(text).toContain('1. Báo cáo (trình bày: Vụ Tổng hợp; 30 phút)');
    expect(text).toContain('2. Thảo luận (11 ý kiến phát biểu)');
    expect(text).toContain('Vào phiên họp: https://giaoban.example/point/x');
  });

  it('writes one event in UTC with a stable UID; a cancelled session says so', () => {
    const ics = unfold(calendar([entry], 'Giao ban'));
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20261215T010000Z');
    expect(ics).toContain('DTEND:20261215T043000Z');
    expect(ics).toContain(`UID:${session.id}@giaoban`);
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('SUMMARY:Giao ban tháng 12\\, năm 2026');
    const cancelled = unfold(
      calendar(
        [{ ...entry, session: { ...session, status: 'cancelled', cancelReason: 'Hoãn' } }],
        'x',
      ),
    );
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('ĐÃ HUỶ: Hoãn');
  });

  it('an empty feed is still a valid calendar', () => {
    const ics = calendar([], 'Giao ban — Huế');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('END:VCALENDAR');
    expect(ics).not.toContain('VEVENT');
  });
});
