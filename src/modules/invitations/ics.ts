import { createEvents, type EventAttributes } from 'ics';
import type { SessionView } from '../../contract/index.js';
import { REPORT_TIME_ZONE } from '../../http/exports.js';

/**
 * Sessions as iCalendar (RFC 5545), for one invitation (.ics download) or a
 * subscribed feed. Times go out in UTC (`…Z`): every calendar program shows
 * them in its own zone, and Vietnam has no daylight saving to get wrong; the
 * description repeats the time as it is in Vietnam, in words.
 */
export interface CalendarEntry {
  session: Omit<SessionView, 'invitedPoints'> & { invitedCount: number };
  /** Where the invitee opens the session: the point's console or the person's desk. */
  url: string;
}

const KIND: Record<SessionView['kind'], string> = {
  monthly: 'Giao ban tháng',
  quarterly: 'Giao ban quý',
  'half-year': 'Sơ kết 6 tháng',
  thematic: 'Chuyên đề',
  extraordinary: 'Bất thường',
};

const vietnamDay = new Intl.DateTimeFormat('vi-VN', {
  timeZone: REPORT_TIME_ZONE,
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const vietnamClock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: REPORT_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** The invitation in words: convener, time, chair, agenda with presenters, who is invited. */
export function invitationText({ session, url }: CalendarEntry): string {
  const lines = [
    `Đơn vị triệu tập: ${session.convener}`,
    `Hình thức: ${KIND[session.kind]}${session.urgent ? ' (khẩn)' : ''}`,
    `Thời gian: ${vietnamDay.format(new Date(session.startsAt))}, ${vietnamClock.format(new Date(session.startsAt))} – ${vietnamClock.format(new Date(session.endsAt))} (giờ Việt Nam)`,
    `Chủ trì: ${session.chair ? (session.chair.displayName ?? session.chair.username) : 'chưa phân công'}`,
    `Thành phần: ${session.invitedCount} điểm cầu`,
  ];
  if (session.agenda.length > 0) {
    lines.push('', 'Chương trình:');
    for (const item of session.agenda) {
      const extra = [
        item.presenter ? `trình bày: ${item.presenter}` : '',
        item.plannedMinutes ? `${item.plannedMinutes} phút` : '',
        item.plannedSpeeches ? `${item.plannedSpeeches} ý kiến phát biểu` : '',
      ].filter(Boolean);
      lines.push(`${item.position}. ${item.title}${extra.length ? ` (${extra.join('; ')})` : ''}`);
    }
  }
  if (session.status === 'cancelled')
    lines.push('', `ĐÃ HUỶ${session.cancelReason ? `: ${session.cancelReason}` : ''}`);
  lines.push('', `Vào phiên họp: ${url}`);
  return lines.join('\n');
}

function event(entry: CalendarEntry): EventAttributes {
  const { session } = entry;
  return {
    uid: `${session.id}@giaoban`,
    title: session.status === 'cancelled' ? `[ĐÃ HUỶ] ${session.title}` : session.title,
    description: invitationText(entry),
    start: Date.parse(session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(session.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    location: 'Hội nghị trực tuyến',
    url: entry.url,
    status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: session.convener },
    categories: [KIND[session.kind]],
    lastModified: Date.parse(session.updatedAt),
    calName: undefined,
  };
}

/** One calendar holding the given sessions (none is a valid, empty calendar). */
export function calendar(entries: CalendarEntry[], name: string): string {
  if (entries.length === 0) {
    // The library refuses an empty list; a feed with nothing coming is still a feed.
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//giaoban//vi',
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${name.replaceAll(/[\\;,\n]/g, ' ')}`,
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  }
  const { error, value } = createEvents(entries.map(event), {
    productId: 'giaoban',
    method: 'PUBLISH',
    calName: name,
  });
  if (error || !value) throw error ?? new Error('ics: no output');
  return value;
}
