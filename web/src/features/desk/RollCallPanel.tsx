// Roll call (điểm danh): start with a deadline, watch the answers arrive, the result.
import { useState } from 'react';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function RollCallPanel({ live, state }: { live: LiveSession; state: LiveState }) {
  const { t, time } = useI18n();
  const [seconds, setSeconds] = useState('60');
  const start = useAction(() =>
    live.emit('rollcall:start', {
      sessionId: live.sessionId,
      seconds: Math.min(600, Math.max(5, Number(seconds) || 60)),
    }),
  );
  const call = state.rollCall;
  const open = call && !call.closedAt;
  const name = (code: string) => state.points.get(code)?.name ?? code;
  return (
    <section className="rollcall-panel" aria-labelledby="rollcall-heading">
      <h2 id="rollcall-heading">{t('rollcall.heading')}</h2>
      {open ? null : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void start.run();
          }}
        >
          <label htmlFor="rollcall-seconds">{t('rollcall.seconds')}</label>
          <input
            id="rollcall-seconds"
            type="number"
            min={5}
            max={600}
            value={seconds}
            onChange={(e) => setSeconds(e.target.value)}
            className="narrow"
          />
          <button
            type="submit"
            className="primary"
            disabled={start.pending || state.status !== 'live'}
          >
            {t('rollcall.start')}
          </button>
        </form>
      )}
      <ErrorNote error={start.error} />
      {call ? (
        <div data-rollcall-state={open ? 'open' : 'closed'}>
          <p>
            {open ? (
              <>
                {t('rollcall.running')} <Countdown endsAt={call.deadlineAt} warningSeconds={10} />
              </>
            ) : (
              t('rollcall.closedAt', { time: time(call.closedAt) })
            )}
          </p>
          <p data-rollcall-answered={call.answered.length}>
            {t('rollcall.result', {
              answered: call.answered.length,
              total: call.answered.length + call.notAnswered.length,
            })}
          </p>
          {call.notAnswered.length > 0 ? (
            <details>
              <summary>{t('rollcall.missing', { n: call.notAnswered.length })}</summary>
              <ul>
                {call.notAnswered.map((code) => (
                  <li key={code}>{name(code)}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
