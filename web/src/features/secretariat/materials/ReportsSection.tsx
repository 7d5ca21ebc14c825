// The points' reports of a session: the deadline, who has and has not
// reported (on time or late), and every report at once as a zip.
import { useEffect, useState } from 'react';
import type { ReportList } from '../../../../../src/contract/index.js';
import { downloadWithToken } from '../../../api/download.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { isoToVn, vnToIso } from '../calendar/dates.js';
import { currentToken, useApiData } from '../records/use-api-data.js';

const toInput = (iso: string | null) => {
  if (!iso) return '';
  const { day, time } = isoToVn(iso);
  return `${day}T${time}`;
};

export function ReportsSection({ sessionId }: { sessionId: string }) {
  const { t, dateTime } = useI18n();
  const base = `/api/v1/sessions/${sessionId}`;
  const list = useApiData<ReportList>(`${base}/reports`);
  const [deadline, setDeadline] = useState('');
  const [saved, setSaved] = useState(false);
  const [zipped, setZipped] = useState<string | null>(null);
  const stored = list.data?.deadline ?? null;
  useEffect(() => setDeadline(toInput(stored)), [stored]);
  const save = useAction(async (value: string) => {
    setSaved(false);
    const [day, time] = value.split('T');
    await api('PUT', `${base}/report-deadline`, {
      token: currentToken(),
      body: { deadline: day && time ? vnToIso(day, time) : null },
    });
    setSaved(true);
    list.reload();
  });
  const zip = useAction(async () => {
    setZipped(null);
    setZipped(await downloadWithToken(`${base}/reports.zip`, currentToken(), 'bao-cao.zip'));
  });
  const data = list.data;
  return (
    <section className="panel record-section" aria-labelledby="reports-heading">
      <h3 id="reports-heading">{t('reports.heading')}</h3>
      <form
        className="row deadline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(deadline);
        }}
      >
        <label htmlFor="report-deadline">{t('reports.deadline')}</label>
        <input
          id="report-deadline"
          type="datetime-local"
          value={deadline}
          onChange={(e) => setDeadline(e.target.value)}
        />
        <button type="submit" disabled={save.pending}>
          {t('reports.deadline.save')}
        </button>
        <button type="button" disabled={save.pending || !stored} onClick={() => save.run('')}>
          {t('reports.deadline.clear')}
        </button>
        <span role="status" className="muted">
          {saved ? t('reports.deadline.saved') : ''}
        </span>
      </form>
      <ErrorNote error={save.error ?? list.error} />
      {data ? (
        <>
          <p className="muted">
            {data.deadline
              ? t('reports.deadline.is', { at: dateTime(data.deadline) })
              : t('reports.deadline.none')}
          </p>
          <div className="row">
            <p className="reports-summary" data-summary="reports">
              {t('reports.summary', data.summary)}
            </p>
            <button
              type="button"
              className="primary"
              disabled={zip.pending || data.summary.reported === 0}
              onClick={() => void zip.run()}
            >
              {t('reports.zip')}
            </button>
            <span role="status" className="muted">
              {zipped ? t('reports.zip.done', { name: zipped }) : ''}
            </span>
          </div>
          <ErrorNote error={zip.error} />
          <table className="reports-table">
            <caption className="visually-hidden">{t('reports.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.col.point')}</th>
                <th scope="col">{t('reports.col.status')}</th>
                <th scope="col">{t('reports.col.at')}</th>
                <th scope="col">{t('reports.col.file')}</th>
                <th scope="col">{t('reports.col.text')}</th>
              </tr>
            </thead>
            <tbody>
              {data.reports.map((r) => {
                const status = !r.reported ? 'missing' : r.onTime ? 'onTime' : 'late';
                return (
                  <tr key={r.code} data-code={r.code} data-status={status}>
                    <th scope="row">
                      {r.name} <span className="muted code">{r.code}</span>
                    </th>
                    <td>
                      <span className={`report-badge ${status}`}>
                        {t(`reports.status.${status}`)}
                      </span>
                    </td>
                    <td>{r.submittedAt ? dateTime(r.submittedAt) : '—'}</td>
                    <td>{r.fileName ?? '—'}</td>
                    <td className="report-text">{r.text ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
