// A month as a grid of weeks, Monday first. Keyboard: one day cell is in the
// tab order; the arrows move between days (and into the neighbouring month),
// Page Up / Page Down between months, Enter opens the day's first session.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { SessionSummary } from '../../../../../src/contract/index.js';
import { type MessageKey, useI18n } from '../../../i18n/i18n.js';
import { addDays, addMonths, byDay, dayLabel, monthGrid } from './dates.js';

const MOVES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

export function MonthGrid({
  day,
  today,
  sessions,
  onMove,
}: {
  day: string;
  today: string;
  sessions: SessionSummary[];
  onMove(day: string): void;
}) {
  const { t } = useI18n();
  const weeks = monthGrid(day);
  const month = day.slice(0, 7);
  const days = byDay(sessions);
  const [focused, setFocused] = useState(day);
  const table = useRef<HTMLTableElement>(null);
  const moved = useRef(false);
  const inGrid = weeks.some((w) => w.includes(focused));
  const active = inGrid ? focused : day;

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    table.current?.querySelector<HTMLElement>(`td[data-day="${active}"]`)?.focus();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const target = event.target as HTMLElement;
    if (target.tagName !== 'TD') return;
    let next: string | null = null;
    if (event.key in MOVES) next = addDays(active, MOVES[event.key] as number);
    else if (event.key === 'PageUp') next = addMonths(active, -1);
    else if (event.key === 'PageDown') next = addMonths(active, 1);
    else if (event.key === 'Enter' || event.key === ' ') {
      target.querySelector<HTMLElement>('a')?.click();
      event.preventDefault();
      return;
    }
    if (!next) return;
    event.preventDefault();
    moved.current = true;
    setFocused(next);
    if (next.slice(0, 7) !== month) onMove(next);
  };

  return (
    <>
      <p className="hint" id="calendar-keys">
        {t('calendar.keys')}
      </p>
      <table
        ref={table}
        className="month-grid"
        aria-labelledby="calendar-title"
        aria-describedby="calendar-keys"
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            {[0, 1, 2, 3, 4, 5, 6].map((i) => (
              <th key={i} scope="col">
                {t(`calendar.weekday.${i}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((d, i) => {
                const list = days.get(d) ?? [];
                const classes = [
                  d.slice(0, 7) === month ? '' : 'other-month',
                  d === today ? 'today' : '',
                  i >= 5 ? 'weekend' : '',
                ];
                return (
                  <td
                    key={d}
                    data-day={d}
                    tabIndex={d === active ? 0 : -1}
                    className={classes.join(' ').trim() || undefined}
                    aria-current={d === today ? 'date' : undefined}
                    aria-label={`${t(`calendar.weekday.${i}` as MessageKey)} ${dayLabel(d)}${
                      d === today ? ` ${t('calendar.todayMark')}` : ''
                    }, ${t('calendar.sessionCount', { n: list.length })}`}
                    onFocus={() => setFocused(d)}
                  >
                    <span className="day-number" aria-hidden="true">
                      {Number(d.slice(8, 10))}
                      {d === today ? (
                        <span className="today-mark"> {t('calendar.today')}</span>
                      ) : null}
                    </span>
                    {list.length > 0 ? (
                      <ul className="day-sessions">
                        {list.map((s) => (
                          <li key={s.id}>
                            <SessionChip session={s} />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A session in a calendar cell: its time, title and status; opens its page. */
export function SessionChip({ session }: { session: SessionSummary }) {
  const { t, time } = useI18n();
  return (
    <Link
      to={`/admin/calendar/${session.id}`}
      className={`session-chip chip-${session.status}`}
      data-session-id={session.id}
    >
      <span className="chip-time">
        {time(session.startsAt)}–{time(session.endsAt)}
      </span>{' '}
      <span className="chip-title">{session.title}</span>{' '}
      <span className={`chip-status status-${session.status}`}>
        {t(`status.${session.status}`)}
      </span>
    </Link>
  );
}
