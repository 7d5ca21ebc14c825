// A week as days × hours (Vietnam time): each session in the hour it
// starts, the hours it runs shaded.
import type { SessionSummary } from '../../../../../src/contract/index.js';
import { type MessageKey, useI18n } from '../../../i18n/i18n.js';
import { dayLabel, isoToVn, vnMinutes, weekDays } from './dates.js';
import { SessionChip } from './MonthGrid.js';

/** The hours shown: 06–20 at least, more when a session is earlier or later. */
export function weekHours(sessions: SessionSummary[], days: string[]): number[] {
  let first = 6;
  let last = 20;
  for (const s of sessions) {
    const start = isoToVn(s.startsAt);
    const end = isoToVn(s.endsAt);
    if (days.includes(start.day)) first = Math.min(first, Math.floor(vnMinutes(s.startsAt) / 60));
    if (days.includes(end.day)) last = Math.max(last, Math.ceil(vnMinutes(s.endsAt) / 60) - 1);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function WeekGrid({
  day,
  today,
  sessions,
}: {
  day: string;
  today: string;
  sessions: SessionSummary[];
}) {
  const { t } = useI18n();
  const days = weekDays(day);
  const hours = weekHours(sessions, days);
  const starting = (d: string, hour: number) =>
    sessions.filter(
      (s) => isoToVn(s.startsAt).day === d && Math.floor(vnMinutes(s.startsAt) / 60) === hour,
    );
  // Shaded while a session runs: [start, end) overlaps the hour.
  const busy = (d: string, hour: number) => {
    const from = Date.parse(`${d}T${String(hour).padStart(2, '0')}:00:00+07:00`);
    const to = from + 3600_000;
    return sessions.some(
      (s) => s.status !== 'cancelled' && Date.parse(s.startsAt) < to && Date.parse(s.endsAt) > from,
    );
  };
  return (
    <div className="week-scroll">
      <table className="week-grid" aria-labelledby="calendar-title">
        <thead>
          <tr>
            <th scope="col" className="hour-col">
              {t('calendar.hour')}
            </th>
            {days.map((d, i) => (
              <th
                key={d}
                scope="col"
                className={d === today ? 'today' : undefined}
                aria-current={d === today ? 'date' : undefined}
              >
                {t(`calendar.weekday.${i}` as MessageKey)}
                <br />
                <span className="week-date">
                  {dayLabel(d).slice(0, 5)}
                  {d === today ? ` · ${t('calendar.today')}` : ''}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hours.map((hour) => (
            <tr key={hour}>
              <th scope="row" className="hour-col">
                {String(hour).padStart(2, '0')}:00
              </th>
              {days.map((d) => {
                const list = starting(d, hour);
                const classes = [busy(d, hour) ? 'busy' : '', d === today ? 'today' : ''];
                return (
                  <td key={d} data-day={d} className={classes.join(' ').trim() || undefined}>
                    {list.map((s) => (
                      <SessionChip key={s.id} session={s} />
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
