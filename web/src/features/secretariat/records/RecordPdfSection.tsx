// The session's record (biên bản) as a signed PDF: issue it, issue it again
// when the data changed since (a new version; earlier ones stay), download
// any version, and the hashes a copy can be checked against. Secretariat and
// the session's chair (the server answers 404 to anyone else: then nothing shows).
import type { RecordIssue } from '../../../../../src/contract/index.js';
import { downloadWithToken } from '../../../api/download.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { currentToken, useApiData } from './use-api-data.js';

export function RecordPdfSection({ sessionId, ended }: { sessionId: string; ended: boolean }) {
  const { t, dateTime } = useI18n();
  const base = `/api/v1/sessions/${sessionId}/record`;
  const listed = useApiData<{ versions: RecordIssue[] }>(base);
  const issue = useAction(async () => {
    await api<RecordIssue>('POST', base, { token: currentToken() });
    listed.reload();
  });
  const download = useAction((version: number) =>
    downloadWithToken(`${base}.pdf?version=${version}`, currentToken(), `bien-ban-v${version}.pdf`),
  );
  // Neither the secretariat nor this session's chair: the record is not theirs to see.
  const status = (listed.error as { status?: number } | null)?.status;
  if (status === 403 || status === 404) return null;
  const versions = listed.data?.versions ?? [];
  const [newest] = versions;
  return (
    <section className="panel record-pdf" aria-labelledby="record-pdf-heading">
      <h3 id="record-pdf-heading">{t('record.heading')}</h3>
      <p className="hint">{t(ended ? 'record.hint' : 'record.hint.notEnded')}</p>
      <ErrorNote error={listed.error ?? issue.error ?? download.error} />
      {newest?.stale ? (
        <p className="warning" role="status">
          {t('record.stale', { version: newest.version })}
        </p>
      ) : null}
      <div className="row no-print">
        <button
          type="button"
          className={newest && !newest.stale ? '' : 'primary'}
          disabled={issue.pending}
          onClick={() => issue.run()}
        >
          {issue.pending ? t('record.issuing') : t(newest ? 'record.issueAgain' : 'record.issue')}
        </button>
        {newest ? (
          <button
            type="button"
            className="primary"
            disabled={download.pending}
            onClick={() => download.run(newest.version)}
          >
            {t('record.download', { version: newest.version })}
          </button>
        ) : null}
      </div>
      {versions.length > 0 ? (
        <table className="record-versions">
          <caption>{t('record.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('record.col.version')}</th>
              <th scope="col">{t('record.col.issuedAt')}</th>
              <th scope="col">{t('record.col.hashes')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('record.col.download')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-record-version={v.version}>
                <td>{v.version}</td>
                <td>{dateTime(v.issuedAt)}</td>
                <td className="hashes">
                  <div>
                    {t('record.fileHash')} <code>{v.sha256}</code>
                  </div>
                  <div>
                    {t('record.contentHash')} <code>{v.contentSha256}</code>
                  </div>
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={t('record.downloadVersion', { version: v.version })}
                    onClick={() => download.run(v.version)}
                  >
                    {t('record.col.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : listed.data ? (
        <p>{t('record.none')}</p>
      ) : null}
    </section>
  );
}
