// The secretariat's materials and reports of a session: upload documents and
// new versions (with progress), withdraw them, see which point received which
// version when; set the report deadline, see who has and has not reported,
// and download every report at once.
import { useMemo, useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import type {
  Material,
  MaterialList,
  MaterialReceipts,
  SessionSummary,
} from '../../../../../src/contract/index.js';
import { downloadWithToken } from '../../../api/download.js';
import { api } from '../../../api/http.js';
import { ACCEPTED_FILES, uploadForm } from '../../../api/upload.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { UploadStatus } from '../../../ui/UploadStatus.js';
import { monthsAgo } from '../records/format.js';
import { currentToken, useApiData } from '../records/use-api-data.js';
import { SecretariatOnly } from '../SecretariatLayout.js';
import { ReceiptsSection } from './ReceiptsSection.js';
import { ReportsSection } from './ReportsSection.js';
import './materials.css';

export function MaterialsPage() {
  return (
    <SecretariatOnly>
      <Routes>
        <Route index element={<MaterialsView />} />
        <Route path=":sessionId" element={<MaterialsView />} />
      </Routes>
    </SecretariatOnly>
  );
}

function MaterialsView() {
  const { t } = useI18n();
  const { sessionId } = useParams();
  return (
    <div className="materials-page">
      <div className="records-head">
        <h2>{t('materials.heading')}</h2>
        <SessionPicker sessionId={sessionId ?? ''} />
      </div>
      {sessionId ? (
        <SessionMaterials key={sessionId} sessionId={sessionId} />
      ) : (
        <p className="hint">{t('materials.pickHint')}</p>
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
  const sessions = (data?.sessions ?? [])
    .filter((s) => s.status !== 'draft' && s.status !== 'cancelled')
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return (
    <div className="row">
      <label htmlFor="materials-session">{t('materials.session')}</label>
      <select
        id="materials-session"
        value={sessionId}
        onChange={(e) =>
          navigate(e.target.value ? `/admin/materials/${e.target.value}` : '/admin/materials')
        }
      >
        <option value="">{t('materials.session.choose')}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {t('materials.session.option', { date: dateTime(s.startsAt), title: s.title })}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </div>
  );
}

function SessionMaterials({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const base = `/api/v1/sessions/${sessionId}/materials`;
  const list = useApiData<MaterialList>(base);
  const receipts = useApiData<MaterialReceipts>(`${base}/receipts`);
  const reload = () => {
    list.reload();
    receipts.reload();
  };
  return (
    <div className="session-materials">
      <UploadForm base={base} onUploaded={reload} />
      <section className="panel record-section" aria-labelledby="materials-list">
        <h3 id="materials-list">{t('materials.list.heading')}</h3>
        <ErrorNote error={list.error} />
        {list.data ? (
          <MaterialTable
            base={base}
            materials={list.data.materials}
            receipts={receipts.data}
            onChanged={reload}
          />
        ) : null}
      </section>
      <ReceiptsSection receipts={receipts.data} error={receipts.error} />
      <ReportsSection sessionId={sessionId} />
    </div>
  );
}

/** A file input, an optional title, and a progress bar while the bytes go up. */
function UploadForm({ base, onUploaded }: { base: string; onUploaded: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const upload = useAction(async () => {
    setDone(null);
    if (!file) throw new Error('no file');
    const form = new FormData();
    form.append('title', title.trim() || file.name);
    form.append('file', file, file.name);
    setProgress(0);
    try {
      await uploadForm(base, currentToken(), form, setProgress);
    } finally {
      setProgress(null);
    }
    setDone(file.name);
    setTitle('');
    setFile(null);
    setInputKey((k) => k + 1);
    onUploaded();
  });
  return (
    <section className="panel record-section" aria-labelledby="materials-upload">
      <h3 id="materials-upload">{t('materials.upload.heading')}</h3>
      <form
        className="upload-form"
        onSubmit={(e) => {
          e.preventDefault();
          void upload.run();
        }}
      >
        <label>
          {t('materials.upload.title')}
          <input value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('materials.upload.file')}
          <input
            key={inputKey}
            type="file"
            accept={ACCEPTED_FILES}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="primary" disabled={!file || upload.pending}>
          {t('materials.upload.submit')}
        </button>
      </form>
      <UploadStatus progress={progress} done={done && t('materials.upload.done', { name: done })} />
      <ErrorNote error={upload.error} />
    </section>
  );
}

function MaterialTable({
  base,
  materials,
  receipts,
  onChanged,
}: {
  base: string;
  materials: Material[];
  receipts: MaterialReceipts | null;
  onChanged: () => void;
}) {
  const { t, dateTime } = useI18n();
  const download = useAction((path: string, name: string) =>
    downloadWithToken(path, currentToken(), name),
  );
  const withdraw = useAction(async (id: string) => {
    await api('DELETE', `${base}/${id}`, { token: currentToken() });
    onChanged();
  });
  const [progress, setProgress] = useState<number | null>(null);
  const newVersion = useAction(async (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    setProgress(0);
    try {
      await uploadForm(`${base}/${id}/versions`, currentToken(), form, setProgress);
    } finally {
      setProgress(null);
    }
    onChanged();
  });
  if (materials.length === 0) return <p>{t('materials.list.empty')}</p>;
  const receivedBy = (m: Material) =>
    (receipts?.points ?? []).filter((p) =>
      p.receipts.some((r) => r.materialId === m.id && r.version === m.currentVersion),
    ).length;
  return (
    <>
      <table className="materials-table">
        <caption className="visually-hidden">{t('materials.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('materials.col.title')}</th>
            <th scope="col">{t('materials.col.file')}</th>
            <th scope="col">{t('materials.col.updated')}</th>
            <th scope="col">{t('materials.col.received')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => {
            const current = m.versions.find((v) => v.version === m.currentVersion);
            return (
              <tr key={m.id} data-material={m.title} className={m.withdrawnAt ? 'withdrawn' : ''}>
                <th scope="row">
                  {m.title}
                  <div className="muted small">
                    {t('materials.version', { n: m.currentVersion })}
                    {m.withdrawnAt ? ` · ${t('materials.withdrawn')}` : ''}
                  </div>
                </th>
                <td>
                  {current?.fileName}
                  {m.versions.length > 1 ? (
                    <details>
                      <summary>{t('materials.versions', { n: m.versions.length })}</summary>
                      <ul className="versions">
                        {m.versions.map((v) => (
                          <li key={v.version}>
                            <button
                              type="button"
                              className="link"
                              onClick={() =>
                                download.run(
                                  `${base}/${m.id}/download?version=${v.version}`,
                                  v.fileName,
                                )
                              }
                            >
                              {t('materials.download.version', { n: v.version })}
                            </button>{' '}
                            {v.fileName} · {dateTime(v.uploadedAt)}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </td>
                <td>{current ? dateTime(current.uploadedAt) : '—'}</td>
                <td>
                  {t('materials.receivedCount', {
                    received: receivedBy(m),
                    of: receipts?.points.length ?? 0,
                  })}
                </td>
                <td>
                  <div className="actions">
                    <button
                      type="button"
                      onClick={() =>
                        download.run(`${base}/${m.id}/download`, current?.fileName ?? m.title)
                      }
                    >
                      {t('materials.download')}
                    </button>
                    {m.withdrawnAt ? null : (
                      <>
                        <label className="button file-button">
                          {t('materials.newVersion')}
                          <input
                            type="file"
                            className="visually-hidden"
                            accept={ACCEPTED_FILES}
                            aria-label={`${t('materials.newVersion')}: ${m.title}`}
                            onChange={(e) => {
                              const file = e.target.files?.[0];
                              e.target.value = '';
                              if (file) void newVersion.run(m.id, file);
                            }}
                          />
                        </label>
                        <ConfirmButton
                          label={t('materials.withdraw')}
                          question={t('materials.withdraw.question', { title: m.title })}
                          onConfirm={() => void withdraw.run(m.id)}
                        />
                      </>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <UploadStatus progress={progress} done={null} />
      <ErrorNote error={download.error ?? withdraw.error ?? newVersion.error} />
    </>
  );
}
