// The calendar of sessions, a month or a week at a time, in Vietnam's days.
// Where it looks is in the address (?view=week&day=2026-06-15): the back
// button and a shared link land on the same page.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SessionSummary } from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useUserLogin } from '../SecretariatLayout.js';
import { dayLabel, isDay, stepView, viewRange, vnToday, weekDays } from './dates.js';
import { MonthGrid } from './MonthGrid.js';
import { WeekGrid } from './WeekGrid.js';

type View = 'month' | 'week';

export function CalendarView() {
  const { t } = useI18n();
  const { token, user } = useUserLogin();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'week' ? 'week' : 'month';
  const today = vnToday();
  const dayParam = params.get('day');
  const day = isDay(dayParam) ? dayParam : today;
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const go = (next: { view?: View; day?: string }) => {
    const nextView = next.view ?? view;
    const nextDay = next.day ?? day;
    setParams(nextView === 'month' && nextDay === today ? {} : { view: nextView, day: nextDay }, {
      replace: false,
    });
  };

  useEffect(() => {
    const { from, to } = viewRange(view, day);
    const controller = new AbortController();
    setError(null);
    api<{ sessions: SessionSummary[] }>(
      'GET',
      `/api/v1/sessions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1000`,
      { token, signal: controller.signal },
    ).then(
      (body) => setSessions(body.sessions),
      (e) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [view, day, token]);

  const week = weekDays(day);
  const title =
    view === 'month'
      ? t('calendar.monthTitle', { month: Number(day.slice(5, 7)), year: day.slice(0, 4) })
      : t('calendar.weekTitle', {
          from: dayLabel(week[0] as string).slice(0, 5),
          to: dayLabel(week[6] as string),
        });

  return (
    <section className="calendar" aria-labelledby="calendar-title">
      <div className="calendar-toolbar">
        <h2 id="calendar-title" aria-live="polite">
          {title}
        </h2>
        <div className="row">
          <button type="button" onClick={() => go({ day: stepView(view, day, -1) })}>
            ‹ {t(`calendar.prev.${view}`)}
          </button>
          <button type="button" onClick={() => go({ day: today })}>
            {t('calendar.today')}
          </button>
          <button type="button" onClick={() => go({ day: stepView(view, day, 1) })}>
            {t(`calendar.next.${view}`)} ›
          </button>
        </div>
        <div className="row">
          {(['month', 'week'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
              {t(`calendar.view.${v}`)}
            </button>
          ))}
        </div>
        {user.role === 'secretariat' ? (
          <Link className="button primary" to="/admin/calendar/new">
            + {t('calendar.new')}
          </Link>
        ) : null}
      </div>
      <ErrorNote error={error} />
      {sessions === null && !error ? <p role="status">{t('common.loading')}</p> : null}
      {view === 'month' ? (
        <MonthGrid
          day={day}
          today={today}
          sessions={sessions ?? []}
          onMove={(next) => go({ day: next })}
        />
      ) : (
        <WeekGrid day={day} today={today} sessions={sessions ?? []} />
      )}
      {sessions?.length === 0 ? <p className="muted">{t('calendar.noneInView')}</p> : null}
    </section>
  );
}
