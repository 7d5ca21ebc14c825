// A person's sessions: today's and the coming ones, each opening the desk.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SessionSummary } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { sessionsSince } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { AppHeader, ErrorNote } from '../../ui/common.js';
import { IcsButton } from '../invitation/IcsButton.js';
import { useTokenRenewal } from '../secretariat/accounts/useTokenRenewal.js';
import { QuickSetup } from './QuickSetup.js';

export function SessionsPage() {
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const user = useMemo(() => credentials.user(), []);
  useTokenRenewal();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` asks for the list again
  useEffect(() => {
    if (!user) return;
    sessionsSince(user.token, 24).then(
      (sessions) => setSessions(sessions.filter((s) => s.status !== 'cancelled')),
      setError,
    );
  }, [user, reload]);

  if (!user) return <NavigateHome />;
  return (
    <div className="page">
      <AppHeader
        title={t('sessions.title')}
        subtitle={`${user.user.displayName ?? user.user.username} · ${t(`role.${user.user.role}`)}`}
      >
        <Link className="link" to="/admin">
          {t('admin.open')}
        </Link>
        <button
          type="button"
          className="link"
          onClick={() => {
            credentials.forgetUser();
            navigate('/');
          }}
        >
          {t('common.logout')}
        </button>
      </AppHeader>
      <main className="content">
        {user.user.role === 'secretariat' ? (
          <QuickSetup token={user.token} onCreated={() => setReload((n) => n + 1)} />
        ) : null}
        <ErrorNote error={error} />
        {sessions === null && !error ? <p role="status">{t('common.loading')}</p> : null}
        {sessions?.length === 0 ? <p>{t('sessions.none')}</p> : null}
        <ul className="session-list">
          {sessions?.map((s) => (
            <li key={s.id} className="panel">
              <div>
                <strong>{s.title}</strong>
                <div className="muted">
                  {dateTime(s.startsAt)} · {t(`status.${s.status}`)} ·{' '}
                  {t('sessions.invited', { n: s.invitedCount })}
                </div>
              </div>
              <div className="row">
                <IcsButton sessionId={s.id} token={user.token} />
                <Link className="button primary" to={`/desk/${s.id}`}>
                  {t('sessions.openDesk')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}

function NavigateHome() {
  const navigate = useNavigate();
  useEffect(() => {
    navigate('/', { replace: true });
  }, [navigate]);
  return null;
}
