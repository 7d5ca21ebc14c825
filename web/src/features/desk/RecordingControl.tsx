// Recording (ghi hình) on the desk: the status as the server has it (off,
// recording since hh:mm, failed with the reason in words a person can act
// on), start and stop with a confirmation, and recording by itself at go-live.
import { useEffect, useState } from 'react';
import type { RecordingStatusView } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import './recording.css';

const KNOWN_FAILURES = ['RECORDING_FFMPEG_FAILED', 'RECORDING_DISK_FULL', 'RECORDING_NOT_WRITABLE'];

export function RecordingControl({ live, state }: { live: LiveSession; state: LiveState }) {
  const { t, time } = useI18n();
  const [status, setStatus] = useState<RecordingStatusView | null>(null);
  const role = credentials.user()?.user.role;
  const canControl = role !== undefined && role !== 'observer';
  const base = `/api/v1/sessions/${live.sessionId}/recording`;
  const token = () => credentials.user()?.token ?? null;
  const load = useAction(async () => setStatus(await api('GET', base, { token: token() })));
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per session; changes come live
  useEffect(() => {
    void load.run();
    const socket = live.socket;
    const onStatus = (view: RecordingStatusView) => {
      if (view.sessionId === live.sessionId) setStatus(view);
    };
    socket.on('recording:status', onStatus);
    // After a reconnection the status may have moved meanwhile.
    socket.on('connect', load.run);
    return () => {
      socket.off('recording:status', onStatus);
      socket.off('connect', load.run);
    };
  }, [live]);
  const act = useAction(async (what: 'start' | 'stop') =>
    setStatus(await api('POST', `${base}/${what}`, { token: token() })),
  );
  const auto = useAction(async (on: boolean) =>
    setStatus(
      await api('PUT', `${base}/settings`, { token: token(), body: { recordAutomatically: on } }),
    ),
  );
  const isLive = state.status === 'live';
  const on = status?.wanted === true;
  const failedKey: MessageKey = KNOWN_FAILURES.includes(status?.code ?? '')
    ? (`recording.failed.${status?.code}` as MessageKey)
    : 'recording.failed.other';
  return (
    <section className="recording-control" aria-labelledby="recording-heading">
      <h2 id="recording-heading">{t('recording.heading')}</h2>
      <p role="status" data-recording={status?.status ?? 'unknown'}>
        {status ? (
          <strong>
            {status.status === 'recording'
              ? t('recording.status.recording', { time: time(status.since) })
              : t(`recording.status.${status.status}`)}
          </strong>
        ) : (
          t('common.loading')
        )}
      </p>
      {status?.status === 'failed' ? (
        <div className="error" role="alert">
          <p>{t(failedKey)}</p>
          {status.reason ? (
            <details>
              <summary>{t('recording.details')}</summary>
              <pre className="recording-reason">{status.reason}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
      {canControl ? (
        <div className="row">
          {on ? (
            <ConfirmButton
              label={t('recording.stop')}
              question={t('recording.confirm.stop')}
              onConfirm={() => void act.run('stop')}
              disabled={act.pending}
              className="danger"
            />
          ) : null}
          {!on || status?.status === 'failed' ? (
            <ConfirmButton
              label={t(on ? 'recording.retry' : 'recording.start')}
              question={t('recording.confirm.start')}
              confirmLabel={t('recording.start')}
              onConfirm={() => void act.run('start')}
              disabled={act.pending || !isLive}
              className="primary"
            />
          ) : null}
        </div>
      ) : null}
      {canControl && state.status && !isLive && !on ? (
        <p className="hint">{t('recording.notLive')}</p>
      ) : null}
      {canControl && status ? (
        <label className="row">
          <input
            type="checkbox"
            checked={status.recordAutomatically}
            disabled={auto.pending}
            onChange={(e) => void auto.run(e.target.checked)}
          />
          {t('recording.auto')}
        </label>
      ) : null}
      <ErrorNote error={act.error ?? auto.error ?? load.error} />
    </section>
  );
}
