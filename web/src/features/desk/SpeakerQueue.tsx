// The speaker queue as the moderators run it: requests arrive live; reorder
// by dragging or from the keyboard (Alt+↑/↓ on an entry); grant with a time,
// reject with a reason, invite a point that did not ask, end the floor; and
// the speeches so far against the agenda's plan.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { QueueEntry, SpeakersRecord } from '../../../../src/contract/index.js';
import { api } from '../../api/http.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, Countdown, ErrorNote, formatSeconds } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function SpeakerQueue({
  live,
  state,
  token,
}: {
  live: LiveSession;
  state: LiveState;
  token: string;
}) {
  const { t, time } = useI18n();
  const sessionId = live.sessionId;
  const defaultSeconds = state.session?.speech.seconds ?? 300;
  const [seconds, setSeconds] = useState(String(defaultSeconds));
  const [dragged, setDragged] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<QueueEntry | null>(null);
  const [reason, setReason] = useState('');
  const [invitee, setInvitee] = useState('');
  const [record, setRecord] = useState<SpeakersRecord | null>(null);
  const [announce, setAnnounce] = useState('');
  const rejectDialog = useRef<HTMLDialogElement>(null);

  const action = useAction(async (run: () => Promise<unknown>) => run());
  const move = (entry: QueueEntry, position: number) => {
    if (position < 1 || position > state.queue.length || position === entry.position) return;
    void action.run(() =>
      live.emit('speaker:move', { sessionId, entryId: entry.entryId, position }),
    );
    setAnnounce(t('queue.moved', { name: entry.name, n: position }));
  };
  const onKey = (entry: QueueEntry) => (event: KeyboardEvent) => {
    if (!event.altKey) return;
    if (event.key === 'ArrowUp') move(entry, entry.position - 1);
    else if (event.key === 'ArrowDown') move(entry, entry.position + 1);
    else return;
    event.preventDefault();
  };

  // The record (history against the agenda) follows each speech's end.
  const floorId = state.floor?.entryId ?? null;
  useEffect(() => {
    void floorId;
    api<SpeakersRecord>('GET', `/api/v1/sessions/${sessionId}/speakers`, { token }).then(
      setRecord,
      () => {},
    );
  }, [sessionId, token, floorId]);

  const grantSeconds = Math.min(7200, Math.max(5, Number(seconds) || defaultSeconds));
  const queued = new Set(state.queue.map((e) => e.code));
  const invitable = [...state.points.values()].filter(
    (p) => p.checkedIn && !queued.has(p.code) && p.code !== state.floor?.code,
  );
  const floorOpen = state.status === 'live';

  return (
    <section className="queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('queue.heading')}</h2>
      <div className="floor-now" data-floor={state.floor?.code ?? ''}>
        {state.floor ? (
          <>
            <span>
              {t('stage.speaking')}: <strong>{state.floor.name}</strong>
            </span>
            <Countdown
              endsAt={state.floor.endsAt}
              warningSeconds={state.session?.speech.warningSeconds}
            />
            {state.warning ? <span className="warning">{t('queue.warning')}</span> : null}
            <ConfirmButton
              label={t('queue.end')}
              question={t('queue.endConfirm', { name: state.floor.name })}
              onConfirm={() => action.run(() => live.emit('speaker:end', { sessionId }))}
              className="danger"
            />
          </>
        ) : (
          <span className="muted">{t('stage.noSpeaker')}</span>
        )}
      </div>
      <div className="row">
        <label htmlFor="grant-seconds">{t('queue.seconds')}</label>
        <input
          id="grant-seconds"
          type="number"
          min={5}
          max={7200}
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
          className="narrow"
        />
      </div>
      <p className="hint" id="queue-keys">
        {t('queue.keys')}
      </p>
      <ol className="queue-list" aria-describedby="queue-keys">
        {state.queue.map((entry) => (
          <li
            key={entry.entryId}
            data-entry={entry.entryId}
            data-code={entry.code}
            draggable
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the entry takes Alt+↑/↓ to move
            tabIndex={0}
            aria-label={t('queue.entryLabel', { n: entry.position, name: entry.name })}
            onKeyDown={onKey(entry)}
            onDragStart={() => setDragged(entry.entryId)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = state.queue.find((q) => q.entryId === dragged);
              if (from) move(from, entry.position);
              setDragged(null);
            }}
            className={dragged === entry.entryId ? 'dragging' : undefined}
          >
            <span className="position">{entry.position}</span>
            <div className="entry-main">
              <strong>{entry.name}</strong>
              <div className="muted">
                {time(entry.requestedAt)}
                {entry.origin === 'invited' ? ` · ${t('queue.invited')}` : ''}
                {entry.topic ? ` · ${entry.topic}` : ''}
                {entry.agendaPosition ? ` · ${t('queue.item', { n: entry.agendaPosition })}` : ''}
              </div>
            </div>
            <div className="entry-actions">
              <button
                type="button"
                onClick={() => move(entry, entry.position - 1)}
                disabled={entry.position === 1}
                aria-label={t('queue.upOf', { name: entry.name })}
              >
                ↑
              </button>
              <button
                type="button"
                onClick={() => move(entry, entry.position + 1)}
                disabled={entry.position === state.queue.length}
                aria-label={t('queue.downOf', { name: entry.name })}
              >
                ↓
              </button>
              <button
                type="button"
                className="primary"
                disabled={!floorOpen || action.pending}
                onClick={() =>
                  action.run(() =>
                    live.emit('speaker:grant', {
                      sessionId,
                      entryId: entry.entryId,
                      seconds: grantSeconds,
                    }),
                  )
                }
              >
                {t('queue.grant')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setRejecting(entry);
                  setReason('');
                  rejectDialog.current?.showModal();
                }}
              >
                {t('queue.reject')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {state.queue.length === 0 ? <p className="muted">{t('queue.empty')}</p> : null}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (invitee)
            void action.run(() => live.emit('speaker:invite', { sessionId, pointCode: invitee }));
          setInvitee('');
        }}
      >
        <label htmlFor="invite-point">{t('queue.invite')}</label>
        <select id="invite-point" value={invitee} onChange={(e) => setInvitee(e.target.value)}>
          <option value="">{t('queue.choosePoint')}</option>
          {invitable.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!invitee}>
          {t('queue.inviteSubmit')}
        </button>
      </form>
      <ErrorNote error={action.error} />
      <dialog ref={rejectDialog} aria-labelledby="reject-title" className="confirm">
        <form
          method="dialog"
          onSubmit={() => {
            if (rejecting)
              void action.run(() =>
                live.emit('speaker:reject', {
                  sessionId,
                  entryId: rejecting.entryId,
                  ...(reason.trim() ? { reason: reason.trim() } : {}),
                }),
              );
          }}
        >
          <p id="reject-title">{t('queue.rejectTitle', { name: rejecting?.name ?? '' })}</p>
          <label htmlFor="reject-reason">{t('queue.rejectReason')}</label>
          <input
            id="reject-reason"
            value={reason}
            maxLength={300}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="danger">
              {t('queue.reject')}
            </button>
            <button type="button" onClick={() => rejectDialog.current?.close()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
      {record ? <SpeechHistory record={record} /> : null}
    </section>
  );
}

function SpeechHistory({ record }: { record: SpeakersRecord }) {
  const { t, time } = useI18n();
  return (
    <details className="history" open={record.history.length > 0}>
      <summary>{t('history.heading', { n: record.history.length })}</summary>
      {record.agenda.length > 0 ? (
        <ul className="plan">
          {record.agenda.map((item) => (
            <li key={item.position}>
              {item.position}. {item.title}:{' '}
              <strong>
                {item.actualSpeeches}
                {item.plannedSpeeches !== null ? ` / ${item.plannedSpeeches}` : ''}
              </strong>{' '}
              {t('history.speeches')}
            </li>
          ))}
        </ul>
      ) : null}
      <ol className="speeches">
        {record.history.map((s) => (
          <li key={s.entryId}>
            {time(s.grantedAt)} <strong>{s.name}</strong> · {formatSeconds(s.seconds)} /{' '}
            {formatSeconds(s.grantedSeconds)} · {t(`history.end.${s.endReason}`)}
          </li>
        ))}
      </ol>
    </details>
  );
}
