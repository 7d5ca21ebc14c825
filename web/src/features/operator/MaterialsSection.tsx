// "Tài liệu": the session's materials in the point's console. Downloading one
// is the point's receipt (the readiness board shows it at the desk).
import { useCallback, useEffect, useState } from 'react';
import type { Material, MaterialList } from '../../../../src/contract/index.js';
import { downloadWithToken } from '../../api/download.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import './sections.css';

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

export function MaterialsSection({ sessionId, token }: { sessionId: string; token: string }) {
  const { t, dateTime } = useI18n();
  const base = `/api/v1/sessions/${sessionId}/materials`;
  const [materials, setMaterials] = useState<Material[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<MaterialList>('GET', base, { token }).then((list) => {
      setMaterials(list.materials);
      setError(null);
    }, setError);
  }, [base, token]);
  useEffect(() => {
    load();
    // New materials and versions appear without a reload.
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);
  const download = useAction(async (m: Material) => {
    const file = m.versions[0];
    await downloadWithToken(`${base}/${m.id}/download`, token, file?.fileName ?? m.title);
    load();
  });
  return (
    <details className="side-section operator-materials">
      <summary>
        {t('operator.materials.heading')}
        {materials?.length
          ? ` (${materials.filter((m) => m.receivedAt).length}/${materials.length})`
          : ''}
      </summary>
      <ErrorNote error={error ?? download.error} />
      {materials?.length === 0 ? <p className="muted">{t('operator.materials.empty')}</p> : null}
      <ul className="material-list">
        {materials?.map((m) => {
          const file = m.versions[0];
          return (
            <li key={m.id} data-material={m.title}>
              <div>
                <strong>{m.title}</strong>
                <div className="muted small">
                  {file ? `${file.fileName} · ${kb(file.size)} · ` : ''}
                  {m.receivedAt
                    ? t('operator.materials.received', { at: dateTime(m.receivedAt) })
                    : t('operator.materials.new')}
                </div>
              </div>
              <button
                type="button"
                disabled={download.pending}
                aria-label={`${t('materials.download')}: ${m.title}`}
                onClick={() => void download.run(m)}
              >
                {t('materials.download')}
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
