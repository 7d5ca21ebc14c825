// Asking for the floor (xin phát biểu), the place in the queue, and the
// speech itself: "đang phát biểu", the microphone the server opened, the time.
import { type FormEvent, useState } from 'react';
import { draft } from '../../api/credentials.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, Countdown, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

interface RequestDraft {
  topic: string;
  agendaPosition: string;
  key: string;
}

const newKey = () => crypto.randomUUID();

export function FloorPanel({
  live,
  state,
  code,
}: {
  live: LiveSession;
  state: LiveState;
  code: string;
}) {
  const { t, time } = useI18n();
  const saved = draft<RequestDraft>(`request.${live.sessionId}`);
  const [form, setFormState] = useState<RequestDraft>(
    () => saved.load() ?? { topic: '', agendaPosition: '', key: newKey() },
  );
  const setForm = (patch: Partial<RequestDraft>) => {
    const next = { ...form, ...patch };
    setFormState(next);
    saved.save(next);
  };
  const floor = state.floor;
  const speaking = floor?.code === code;
  const mine = state.queue.find((e) => e.code === code);
  const me = state.points.get(code);

  const request = useAction(async () => {
    await live.emit('speaker:request', {
      sessionId: live.sessionId,
      ...(form.topic.trim() ? { topic: form.topic.trim() } : {}),
      ...(form.agendaPosition ? { agendaPosition: Number(form.agendaPosition) } : {}),
      // The same key after a dropped line is the same request, never a second one.
      key: form.key,
    });
    saved.clear();
    setFormState({ topic: '', agendaPosition: '', key: newKey() });
  });
  const withdraw = useAction(async () => {
    if (mine)
      await live.emit('speaker:withdraw', { sessionId: live.sessionId, entryId: mine.entryId });
  });
  const end = useAction(() => live.emit('speaker:end', { sessionId: live.sessionId }));

  if (speaking && floor) {
    return (
      <div className="floor speaking" data-floor="speaking">
        <p className="speaking-now">{t('floor.speakingNow')}</p>
        <Countdown endsAt={floor.endsAt} warningSeconds={state.session?.speech.warningSeconds} />
        {state.warning ? (
          <p className="warning" role="alert">
            {state.warning.overrun
              ? t('floor.overrunWarning')
              : t('floor.warning', { n: state.warning.remainingSeconds })}
          </p>
        ) : null}
        <p data-mic={state.micMuted === false ? 'open' : 'muted'}>
          {state.micMuted === false ? t('floor.micOpen') : t('floor.micMuted')}
        </p>
        <ConfirmButton
          label={t('floor.endOwn')}
          question={t('floor.endOwnConfirm')}
          onConfirm={() => end.run()}
        />
        <ErrorNote error={end.error} />
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void request.run();
  };
  const agenda = state.session?.agenda ?? [];
  return (
    <div className="floor">
      <h2>{t('floor.heading')}</h2>
      <p className="muted">
        {floor ? t('floor.current', { name: floor.name }) : t('floor.nobody')} ·{' '}
        {t('floor.queueLength', { n: state.queueLength })}
      </p>
      {state.status !== 'live' ? <p className="hint">{t('floor.notLive')}</p> : null}
      {mine ? (
        <div className="queued" data-queue-position={mine.position}>
          <p className="big">
            {t('floor.position', { n: mine.position, total: state.queueLength })}
          </p>
          <p className="muted">
            {t('floor.requestedAt', { time: time(mine.requestedAt) })}
            {mine.topic ? ` · ${mine.topic}` : ''}
          </p>
          <button type="button" onClick={() => withdraw.run()} disabled={withdraw.pending}>
            {t('floor.withdraw')}
          </button>
          <ErrorNote error={withdraw.error} />
        </div>
      ) : (
        <form onSubmit={submit}>
          <label htmlFor="request-topic">{t('floor.topic')}</label>
          <input
            id="request-topic"
            value={form.topic}
            maxLength={300}
            onChange={(e) => setForm({ topic: e.target.value })}
          />
          {agenda.length > 0 ? (
            <>
              <label htmlFor="request-agenda">{t('floor.agendaItem')}</label>
              <select
                id="request-agenda"
                value={form.agendaPosition}
                onChange={(e) => setForm({ agendaPosition: e.target.value })}
              >
                <option value="">{t('floor.anyItem')}</option>
                {agenda.map((item) => (
                  <option key={item.position} value={item.position}>
                    {item.position}. {item.title}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <button
            type="submit"
            className="primary big"
            disabled={request.pending || state.status !== 'live' || !me?.checkedIn}
          >
            {t('floor.request')}
          </button>
          {!me?.checkedIn ? <p className="hint">{t('floor.checkInFirst')}</p> : null}
          <ErrorNote error={request.error} />
        </form>
      )}
    </div>
  );
}
