// The records of a session, after it (or during it): attendance, speeches,
// roll calls; each table sortable, attendance and speeches downloadable as
// CSV and Excel with Vietnamese headers. Secretariat, chair, moderators, observers.
import { useMemo } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import type {
  AttendanceRecord,
  RollCallView,
  SessionSummary,
  SessionView,
  SpeakersRecord,
} from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote, SessionStatusBadge } from '../../../ui/common.js';
import { AttendanceSection } from './AttendanceSection.js';
import { monthsAgo } from './format.js';
import { RecordPdfSection } from './RecordPdfSection.js';
import { RollCallsSection } from './RollCallsSection.js';
import { SpeakersSection } from './SpeakersSection.js';
import { useApiData } from './use-api-data.js';
import './records.css';

export function RecordsPage() {
  return (
    <Routes>
      <Route index element={<RecordsView />} />
      <Route path=":sessionId" element={<RecordsView />} />
    </Routes>
  );
}

function RecordsView() {
  const { t } = useI18n();
  const { sessionId } = useParams();
  return (
    <div className="records-page">
      <div className="records-head">
        <h2>{t('records.heading')}</h2>
        <SessionPicker sessionId={sessionId ?? ''} />
      </div>
      {sessionId ? (
        <SessionRecord key={sessionId} sessionId={sessionId} />
      ) : (
        <p className="hint">{t('records.pickHint')}</p>
      )}
    </div>
  );
}

function SessionPicker({ sessionId }: { sessionId: string }) {
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const from = useMemo(() => monthsAgo(6), []);
  const { data, error } = useApiData<{ sessions: SessionSummary[] }>(
    `/api/v1/sessions?from=${encodeURIComponent(from)}&limit=1000`,
  );
  const sessions = useMemo(
    () =>
      (data?.sessions ?? [])
        .filter((s) => s.status !== 'draft' && s.status !== 'cancelled')
        .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt)),
    [data],
  );
  return (
    <div className="row no-print">
      <label htmlFor="records-session">{t('records.session')}</label>
      <select
        id="records-session"
        value={sessionId}
        onChange={(e) =>
          navigate(e.target.value ? `/admin/records/${e.target.value}` : '/admin/records')
        }
      >
        <option value="">{t('records.session.choose')}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {t('records.session.option', {
              date: dateTime(s.startsAt),
              title: s.title,
              status: t(`status.${s.status}`),
            })}
          </option>
        ))}
      </select>
      {data && sessions.length === 0 ? <p>{t('records.session.none')}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}

function SessionRecord({ sessionId }: { sessionId: string }) {
  const { t, dateTime, time } = useI18n();
  const base = `/api/v1/sessions/${sessionId}`;
  const session = useApiData<SessionView>(base);
  const attendance = useApiData<AttendanceRecord>(`${base}/attendance`);
  const speakers = useApiData<SpeakersRecord>(`${base}/speakers`);
  const rollCalls = useApiData<{ rollCalls: RollCallView[] }>(`${base}/rollcalls`);
  const names = useMemo(
    () => new Map((attendance.data?.points ?? []).map((p) => [p.code, p.name])),
    [attendance.data],
  );
  const error = session.error ?? attendance.error ?? speakers.error ?? rollCalls.error;
  if (error) return <ErrorNote error={error} />;
  if (!session.data || !attendance.data || !speakers.data || !rollCalls.data)
    return <p role="status">{t('common.loading')}</p>;
  const s = session.data;
  return (
    <article className="session-record" aria-labelledby="records-title" data-session-id={s.id}>
      <header className="record-title">
        <h3 id="records-title">{s.title}</h3>
        <p>
          {dateTime(s.startsAt)} – {time(s.endsAt)} <SessionStatusBadge status={s.status} />
        </p>
        <button type="button" className="no-print" onClick={() => window.print()}>
          {t('records.print')}
        </button>
      </header>
      <RecordPdfSection sessionId={s.id} ended={s.status === 'ended' || s.status === 'archived'} />
      <AttendanceSection sessionId={s.id} record={attendance.data} />
      <SpeakersSection sessionId={s.id} record={speakers.data} />
      <RollCallsSection rollCalls={rollCalls.data.rollCalls} names={names} />
    </article>
  );
}
