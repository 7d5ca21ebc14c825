// One session, read-only: what was scheduled, where it is in its lifecycle,
// the actions its status allows, and its invitation.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { SessionView } from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote, SessionStatusBadge } from '../../../ui/common.js';
import { InvitationCard } from '../../invitation/InvitationCard.js';
import { useUserLogin } from '../SecretariatLayout.js';
import { isoToVn } from './dates.js';
import { SessionActions } from './SessionActions.js';

export function SessionDetail() {
  const { id = '' } = useParams();
  const { t, dateTime, time } = useI18n();
  const { token, user } = useUserLogin();
  const [session, setSession] = useState<SessionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    (signal?: AbortSignal) =>
      api<SessionView>('GET', `/api/v1/sessions/${id}`, {
        token,
        ...(signal ? { signal } : {}),
      }).then(
        (s) => {
          setSession(s);
          setError(null);
        },
        (e) => signal?.aborted || setError(e),
      ),
    [id, token],
  );
  useEffect(() => {
    const controller = new AbortController();
    setSession(null);
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (!session)
    return (
      <>
        <Link to="/admin/calendar">{t('calendar.back')}</Link>
        {error ? <ErrorNote error={error} /> : <p role="status">{t('common.loading')}</p>}
      </>
    );
  const person = (p: { username: string; displayName: string | null } | null) =>
    p ? (p.displayName ?? p.username) : t('calendar.detail.none');
  return (
    <section className="session-detail" aria-labelledby="session-title">
      <Link to={`/admin/calendar?view=month&day=${isoToVn(session.startsAt).day}`}>
        {t('calendar.back')}
      </Link>
      <div className="detail-head">
        <h2 id="session-title">{session.title}</h2>
        <SessionStatusBadge status={session.status} />
        {session.urgent ? <span className="badge urgent">{t('calendar.urgentBadge')}</span> : null}
      </div>
      {session.status === 'cancelled' ? (
        <p className="warning">
          {t('calendar.detail.cancelled', { reason: session.cancelReason ?? '' })}
        </p>
      ) : null}
      <SessionActions session={session} token={token} role={user.role} onChanged={setSession} />
      <div className="detail-columns">
        <div className="panel">
          <dl className="detail-facts">
            <dt>{t('calendar.detail.kind')}</dt>
            <dd>{t(`calendar.kind.${session.kind}`)}</dd>
            <dt>{t('calendar.detail.time')}</dt>
            <dd data-session-time>
              {dateTime(session.startsAt)} – {time(session.endsAt)}
            </dd>
            <dt>{t('calendar.detail.urgent')}</dt>
            <dd>{session.urgent ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('calendar.detail.chair')}</dt>
            <dd>{person(session.chair)}</dd>
            <dt>{t('calendar.detail.moderators')}</dt>
            <dd>
              {session.moderators.length > 0
                ? session.moderators.map((m) => person(m)).join(', ')
                : t('calendar.detail.none')}
            </dd>
            <dt>{t('calendar.detail.speech')}</dt>
            <dd>
              {t('calendar.detail.speechRule', {
                seconds: session.speech.seconds,
                warning: session.speech.warningSeconds,
                overrun: t(`calendar.form.overrun.${session.speech.overrun}`),
              })}
            </dd>
          </dl>
          <details className="invited-list">
            <summary>{t('calendar.detail.invited', { n: session.invitedPoints.length })}</summary>
            <ul>
              {session.invitedPoints.map((p) => (
                <li key={p.code}>{p.name}</li>
              ))}
            </ul>
          </details>
        </div>
        <InvitationCard sessionId={session.id} token={token} session={session} headingLevel={3} />
      </div>
    </section>
  );
}
