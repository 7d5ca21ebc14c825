// The audit log for the secretariat: who did what and when, in plain
// sentences, newest first; filtered by kind of object, session and date;
// the raw record of each entry one click away.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type {
  AuditEntry,
  PointView,
  SessionSummary,
  UserView,
} from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { type MessageKey, useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { SecretariatOnly } from '../SecretariatLayout.js';
import {
  auditQuery,
  ENTITY_TYPES,
  type Filters,
  NO_FILTERS,
  AUDIT_PAGE as PAGE,
} from './audit-query.js';
import { type AuditContext, auditSentence } from './audit-sentences.js';
import { monthsAgo } from './format.js';
import { currentToken, useApiData } from './use-api-data.js';
import './records.css';

export function AuditPage() {
  return (
    <SecretariatOnly>
      <AuditLog />
    </SecretariatOnly>
  );
}

function AuditLog() {
  const { t, dateTime } = useI18n();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [complete, setComplete] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const from = useMemo(() => monthsAgo(12), []);
  const sessions = useApiData<{ sessions: SessionSummary[] }>(
    `/api/v1/sessions?from=${encodeURIComponent(from)}&limit=1000`,
  );
  const users = useApiData<{ users: UserView[] }>('/api/v1/users');
  const points = useApiData<{ points: PointView[] }>('/api/v1/points?limit=5000');
  const sortedSessions = useMemo(
    () =>
      [...(sessions.data?.sessions ?? [])].sort(
        (a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt),
      ),
    [sessions.data],
  );
  const context = useMemo<AuditContext>(
    () => ({
      users: new Map((users.data?.users ?? []).map((u) => [u.id, u])),
      sessions: new Map(sortedSessions.map((s) => [s.id, s.title])),
      points: new Map((points.data?.points ?? []).map((p) => [p.code, p.name])),
      dateTime,
    }),
    [users.data, sortedSessions, points.data, dateTime],
  );

  const load = useCallback(async (applied: Filters, before?: number) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api<{ entries: AuditEntry[] }>(
        'GET',
        `/api/v1/audit?${auditQuery(applied, before)}`,
        { token: currentToken() },
      );
      setEntries((old) =>
        before === undefined ? page.entries : [...(old ?? []), ...page.entries],
      );
      setComplete(page.entries.length < PAGE);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(filters);
  }, [filters, load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const last = entries?.at(-1);
  return (
    <div className="audit-page">
      <h2>{t('audit.heading')}</h2>
      <form className="audit-filters panel" aria-label={t('audit.filters')} onSubmit={apply}>
        <div>
          <label htmlFor="audit-entity">{t('audit.filter.entity')}</label>
          <select
            id="audit-entity"
            value={draft.entityType}
            onChange={(e) => setDraft({ ...draft, entityType: e.target.value })}
          >
            <option value="">{t('audit.filter.entity.all')}</option>
            {ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`audit.filter.entity.${type}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-session">{t('audit.filter.session')}</label>
          <select
            id="audit-session"
            value={draft.sessionId}
            onChange={(e) => setDraft({ ...draft, sessionId: e.target.value })}
          >
            <option value="">{t('audit.filter.session.all')}</option>
            {sortedSessions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('records.session.option', {
                  date: dateTime(s.startsAt),
                  title: s.title,
                  status: t(`status.${s.status}`),
                })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-since">{t('audit.filter.since')}</label>
          <input
            id="audit-since"
            type="date"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            setFilters({ ...NO_FILTERS });
          }}
        >
          {t('audit.filter.reset')}
        </button>
      </form>
      <ErrorNote error={error ?? users.error} />
      {entries === null ? <p role="status">{t('common.loading')}</p> : null}
      {entries?.length === 0 ? <p>{t('audit.empty')}</p> : null}
      {entries && entries.length > 0 ? (
        <>
          <p className="muted" role="status">
            {t('audit.count', { n: entries.length })}
          </p>
          <ol className="audit-list">
            {entries.map((entry) => (
              <li key={entry.id} data-action={entry.action}>
                <time className="audit-when" dateTime={entry.at}>
                  {dateTime(entry.at)}
                </time>
                <p className="audit-sentence">{auditSentence(entry, t, context)}</p>
                <details>
                  <summary>{t('audit.details')}</summary>
                  <pre>
                    {JSON.stringify(
                      {
                        action: entry.action,
                        entityType: entry.entityType,
                        entityId: entry.entityId,
                        sessionId: entry.sessionId,
                        actor: entry.actor,
                        changes: entry.changes,
                      },
                      null,
                      2,
                    )}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
          {complete ? (
            <p className="muted">{t('audit.end')}</p>
          ) : (
            <button
              type="button"
              disabled={loading || !last}
              onClick={() => last && load(filters, last.id)}
            >
              {t('audit.more')}
            </button>
          )}
        </>
      ) : null}
    </div>
  );
}
