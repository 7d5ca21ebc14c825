// The invitation to a session as an invited point or person sees it:
// convener, chair, time, who is invited, the agenda with its presenters and
// the materials; the .ics to add it to a calendar, and the caller's own
// calendar feed to subscribe to. Used by the secretariat's session page and
// the operator console (with the point's credential).
import { useEffect, useState } from 'react';
import type { SessionView } from '../../../../src/contract/index.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { Agenda } from '../../ui/Agenda.js';
import { ErrorNote } from '../../ui/common.js';
import { FeedBox } from './FeedBox.js';
import { IcsButton } from './IcsButton.js';
import './invitation.css';

type Invitation = Omit<SessionView, 'invitedPoints'>;

export function InvitationCard({
  sessionId,
  token,
  session: given,
  headingLevel = 2,
  showFeed = true,
}: {
  sessionId: string;
  /** A person's login token or the point's credential. */
  token: string;
  /** Already loaded by the page (or the console's live snapshot); otherwise fetched. */
  session?: Invitation;
  headingLevel?: 2 | 3;
  showFeed?: boolean;
}) {
  const { t, dateTime, time } = useI18n();
  const [loaded, setLoaded] = useState<Invitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (given) return;
    const controller = new AbortController();
    api<SessionView>('GET', `/api/v1/sessions/${sessionId}`, {
      token,
      signal: controller.signal,
    }).then(setLoaded, (e) => controller.signal.aborted || setError(e));
    return () => controller.abort();
  }, [given, sessionId, token]);
  const session = given ?? loaded;
  const H = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as 'h3' | 'h4';
  if (!session)
    return error ? <ErrorNote error={error} /> : <p role="status">{t('common.loading')}</p>;
  const { convener } = session;
  return (
    <article className="invitation" aria-labelledby={`invitation-${session.id}`}>
      <H id={`invitation-${session.id}`} className="invitation-heading">
        {t('invitation.heading')}
      </H>
      <p className="invitation-title">{session.title}</p>
      {session.status === 'cancelled' ? (
        <p className="error">{t('invitation.cancelled', { reason: session.cancelReason ?? '' })}</p>
      ) : null}
      <dl className="invitation-facts">
        {convener ? (
          <>
            <dt>{t('invitation.convener')}</dt>
            <dd data-convener>{convener}</dd>
          </>
        ) : null}
        <dt>{t('invitation.chair')}</dt>
        <dd>
          {session.chair
            ? (session.chair.displayName ?? session.chair.username)
            : t('calendar.detail.none')}
        </dd>
        <dt>{t('invitation.time')}</dt>
        <dd data-invitation-time>
          {t('invitation.timeRange', {
            start: dateTime(session.startsAt),
            end: time(session.endsAt),
          })}
        </dd>
        <dt>{t('invitation.invited')}</dt>
        <dd>{t('invitation.invitedCount', { n: session.invitedCount })}</dd>
      </dl>
      <Sub>{t('invitation.agenda')}</Sub>
      <div className="invitation-agenda">
        <Agenda session={session} />
      </div>
      <Sub>{t('invitation.materials')}</Sub>
      <p className="muted">{t('invitation.noMaterials')}</p>
      <div className="row">
        <IcsButton
          sessionId={session.id}
          token={token}
          className="primary"
          describedBy={`ics-hint-${session.id}`}
        />
        <span className="hint" id={`ics-hint-${session.id}`}>
          {t('invitation.icsHint')}
        </span>
      </div>
      {showFeed ? <FeedBox token={token} headingLevel={headingLevel + 1 === 3 ? 3 : 4} /> : null}
    </article>
  );
}
