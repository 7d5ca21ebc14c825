// The moderators' desk (điều hành): the readiness board, the session's
// controls, the speaker queue, microphones and roll calls — live.
import { useEffect, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { credentials } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import { useLiveSession, useLiveState } from '../../api/use-live.js';
import { useI18n } from '../../i18n/i18n.js';
import {
  AppHeader,
  ConfirmButton,
  ErrorNote,
  RefusalBanner,
  SessionStatusBadge,
} from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { MinutesPanel } from './MinutesPanel.js';
import { ReadinessBoard } from './ReadinessBoard.js';
import { RecordingControl } from './RecordingControl.js';
import { RollCallPanel } from './RollCallPanel.js';
import { SpeakerQueue } from './SpeakerQueue.js';

const NEXT: Record<string, Array<'checkin' | 'live' | 'ended'>> = {
  scheduled: ['checkin', 'live'],
  checkin: ['live'],
  live: ['ended'],
};

export function DeskPage() {
  const { sessionId } = useParams();
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const user = useMemo(() => credentials.user(), []);
  useEffect(() => {
    if (!user) navigate('/', { replace: true });
  }, [user, navigate]);
  const live = useLiveSession(user?.token, sessionId, (token, expiresAt) => {
    const current = credentials.user();
    if (current) credentials.saveUser({ ...current, token, expiresAt });
  });
  const state = useLiveState(live);
  const move = useAction(async (status: 'checkin' | 'live' | 'ended') => {
    await api('POST', `/api/v1/sessions/${sessionId}/status`, {
      token: credentials.user()?.token,
      body: { status },
    });
  });
  if (!user || !live || !state) return null;
  const summary = state.summary;
  return (
    <div className="page desk">
      <AppHeader
        title={state.session?.title ?? t('desk.title')}
        subtitle={
          state.session ? `${t('desk.title')} · ${dateTime(state.session.startsAt)}` : undefined
        }
        connection={state.connection}
      >
        <SessionStatusBadge status={state.status} />
        {(NEXT[state.status ?? ''] ?? []).map((status) => (
          <ConfirmButton
            key={status}
            label={t(`desk.to.${status}`)}
            question={t(`desk.confirm.${status}`)}
            onConfirm={() => move.run(status)}
            disabled={move.pending}
            className={status === 'ended' ? 'danger' : 'primary'}
          />
        ))}
        <button type="button" className="link" onClick={() => navigate('/sessions')}>
          {t('desk.back')}
        </button>
      </AppHeader>
      <RefusalBanner refusal={state.refusal} />
      <ErrorNote error={move.error} />
      {summary ? (
        <ul className="summary" aria-label={t('desk.summary')}>
          <li data-summary="invited">
            <strong>{summary.invited}</strong> {t('summary.invited')}
          </li>
          <li data-summary="connected">
            <strong>{summary.connected}</strong> {t('summary.connected')}
          </li>
          <li data-summary="present">
            <strong>{summary.present}</strong> {t('summary.present')}
          </li>
          <li data-summary="late">
            <strong>{summary.late}</strong> {t('summary.late')}
          </li>
          <li data-summary="absent">
            <strong>{summary.absent}</strong> {t('summary.absent')}
          </li>
          <li data-summary="speaker">
            {t('desk.activeSpeaker')}: <strong>{state.floor?.name ?? '—'}</strong>
          </li>
          {state.activeSpeaker ? (
            <li data-summary="voice">
              {t('desk.activeVoice')}:{' '}
              <strong>{state.points.get(state.activeSpeaker)?.name ?? state.activeSpeaker}</strong>
            </li>
          ) : null}
        </ul>
      ) : null}
      <main className="desk-layout">
        <ReadinessBoard live={live} state={state} canIssue={user.user.role === 'secretariat'} />
        <div className="desk-side">
          <SpeakerQueue live={live} state={state} token={user.token} />
          <RecordingControl live={live} state={state} />
          <RollCallPanel live={live} state={state} />
          <MinutesPanel live={live} state={state} />
        </div>
      </main>
    </div>
  );
}
