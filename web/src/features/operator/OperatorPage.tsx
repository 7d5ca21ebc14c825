// The connection point's console (kỹ thuật viên): prepare the devices, run
// the technical test, check in the delegates, then follow the session and
// ask for the floor. Everything it needs comes over one socket; media heals
// itself after drops.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { SessionSummary } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { sessionsSince } from '../../api/http.js';
import { useLiveSession, useLiveState } from '../../api/use-live.js';
import { useI18n } from '../../i18n/i18n.js';
import { savedDevices } from '../../media/devices.js';
import { useLocalStream, useMediaClient } from '../../media/use-media.js';
import { Agenda } from '../../ui/Agenda.js';
import {
  AppHeader,
  AudioSink,
  ErrorNote,
  MediaBadge,
  RefusalBanner,
  SessionStatusBadge,
} from '../../ui/common.js';
import { InvitationCard } from '../invitation/InvitationCard.js';
import { CheckInPanel } from './CheckInPanel.js';
import { ConclusionsSection } from './ConclusionsSection.js';
import { FloorPanel } from './FloorPanel.js';
import { MaterialsSection } from './MaterialsSection.js';
import { ReportSection } from './ReportSection.js';
import { RollCallPrompt } from './RollCallPrompt.js';
import { SetupPanel } from './SetupPanel.js';
import { StageView } from './StageView.js';

const MEDIA_PHASES = new Set(['scheduled', 'checkin', 'live']);

/** /point: the point's coming sessions; the one on now opens by itself. */
export function OperatorHome() {
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const point = useMemo(() => credentials.point(), []);
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!point) {
      navigate('/', { replace: true });
      return;
    }
    sessionsSince(point.token, 12).then((sessions) => {
      const open = sessions
        .filter((s) => MEDIA_PHASES.has(s.status))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      setSessions(open);
      // The session on now opens by itself; so does the only one of the next hours.
      const soon = Date.now() + 3 * 3600_000;
      const now =
        open.find((s) => s.status === 'live' || s.status === 'checkin') ??
        (open.length === 1 && Date.parse(open[0]?.startsAt ?? '') < soon ? open[0] : undefined);
      if (now) navigate(`${base(point.kind)}/${now.id}`, { replace: true });
    }, setError);
  }, [point, navigate]);
  if (!point) return null;
  return (
    <div className="page">
      <AppHeader title={point.name} subtitle={t('operator.role')}>
        <LeaveButton />
      </AppHeader>
      <main className="content">
        <h2>{t('operator.sessions')}</h2>
        <ErrorNote error={error} />
        {sessions?.length === 0 ? <p>{t('operator.noSessions')}</p> : null}
        <ul className="session-list">
          {sessions?.map((s) => (
            <li key={s.id} className="panel">
              <div>
                <strong>{s.title}</strong>
                <div className="muted">
                  {dateTime(s.startsAt)} · {t(`status.${s.status}`)}
                </div>
              </div>
              <Link className="button primary" to={`${base(point.kind)}/${s.id}`}>
                {t('operator.open')}
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}

const base = (kind: string) => (kind === 'central-hall' ? '/hall' : '/point');

/** Forgets the point's credential on this machine. */
export function LeaveButton() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        credentials.forgetPoint();
        navigate('/');
      }}
    >
      {t('operator.leave')}
    </button>
  );
}

type Tab = 'setup' | 'checkin' | 'floor' | 'agenda';

export function OperatorPage() {
  const { sessionId } = useParams();
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const point = useMemo(() => credentials.point(), []);
  useEffect(() => {
    if (!point) navigate('/', { replace: true });
  }, [point, navigate]);
  const live = useLiveSession(point?.token, sessionId);
  const state = useLiveState(live);
  const [devices, setDevices] = useState(savedDevices);
  const local = useLocalStream(devices);
  const mediaOpen = MEDIA_PHASES.has(state?.status ?? '');
  const { media, state: mediaState, remotes } = useMediaClient(live, local.stream, mediaOpen);
  const me = point ? state?.points.get(point.code) : undefined;
  const [tab, setTab] = useState<Tab | null>(null);
  // Open where the operator left off (test, check-in, or the floor), once: later
  // changes must not pull the panel from under them.
  const ready = Boolean(state?.session);
  useEffect(() => {
    if (!ready || tab) return;
    setTab(
      state?.status === 'live' && me?.checkedIn ? 'floor' : me?.testPassed ? 'checkin' : 'setup',
    );
  }, [ready, tab, state?.status, me?.checkedIn, me?.testPassed]);
  const shown: Tab = tab ?? 'setup';

  if (!point || !live || !state) return null;
  const tabs: Tab[] = ['setup', 'checkin', 'floor', 'agenda'];
  return (
    <div className="page operator">
      <AppHeader
        title={point.name}
        subtitle={
          state.session ? `${state.session.title} · ${dateTime(state.session.startsAt)}` : undefined
        }
        connection={state.connection}
      >
        <SessionStatusBadge status={state.status} />
        <MediaBadge state={mediaState} />
        <LeaveButton />
      </AppHeader>
      <RefusalBanner refusal={state.refusal} />
      <RollCallPrompt live={live} state={state} code={point.code} />
      <main className="console">
        <StageView
          state={state}
          remotes={remotes}
          localStream={local.stream}
          ownCode={point.code}
        />
        <aside className="side">
          <div role="tablist" aria-label={t('operator.sections')} className="tabs">
            {tabs.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                aria-selected={shown === name}
                aria-controls={`panel-${name}`}
                onClick={() => setTab(name)}
              >
                {t(`operator.tab.${name}`)}
              </button>
            ))}
          </div>
          <section
            role="tabpanel"
            id={`panel-${shown}`}
            aria-labelledby={`tab-${shown}`}
            className="tab-panel"
          >
            {shown === 'setup' ? (
              <SetupPanel
                live={live}
                media={media}
                mediaState={mediaState}
                stream={local.stream}
                streamError={local.error}
                devices={devices}
                onDevices={setDevices}
                code={point.code}
                lastTest={me ?? null}
              />
            ) : null}
            {shown === 'checkin' ? (
              <CheckInPanel live={live} state={state} code={point.code} />
            ) : null}
            {shown === 'floor' ? <FloorPanel live={live} state={state} code={point.code} /> : null}
            {shown === 'agenda' && state.session ? (
              state.status === 'live' ? (
                <Agenda session={state.session} current={state.floor?.agendaPosition} />
              ) : (
                <InvitationCard sessionId={state.session.id} token={point.token} />
              )
            ) : null}
          </section>
          <ConclusionsSection state={state} />
          <MaterialsSection sessionId={state.session?.id ?? sessionId ?? ''} token={point.token} />
          <ReportSection sessionId={state.session?.id ?? sessionId ?? ''} token={point.token} />
        </aside>
      </main>
      <AudioSink
        tracks={remotes
          .filter((r) => r.kind === 'audio' && r.code !== point.code)
          .map((r) => r.track)}
        speakerId={devices.speakerId}
      />
    </div>
  );
}
