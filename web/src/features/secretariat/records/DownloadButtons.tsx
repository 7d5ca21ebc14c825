// "Tải CSV" and "Tải Excel (.xlsx)" for one of the record's tables.
import { useState } from 'react';
import { downloadWithToken } from '../../../api/download.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { currentToken } from './use-api-data.js';

export function DownloadButtons({
  path,
  baseName,
  label,
}: {
  /** e.g. /api/v1/sessions/<id>/attendance */
  path: string;
  /** The file's name when the server proposes none, without extension. */
  baseName: string;
  /** What the buttons download, for screen readers ("Điểm danh"). */
  label: string;
}) {
  const { t } = useI18n();
  const [done, setDone] = useState<string | null>(null);
  const download = useAction(async (format: 'csv' | 'xlsx') => {
    setDone(null);
    const name = await downloadWithToken(
      `${path}?format=${format}&labels=vi`,
      currentToken(),
      `${baseName}.${format}`,
    );
    setDone(name);
  });
  return (
    <div className="row downloads no-print">
      {(['csv', 'xlsx'] as const).map((format) => (
        <button
          key={format}
          type="button"
          disabled={download.pending}
          data-download={format}
          aria-description={label}
          onClick={() => download.run(format)}
        >
          {t(format === 'csv' ? 'records.download.csv' : 'records.download.xlsx')}
        </button>
      ))}
      <span role="status" className="muted">
        {done ? t('records.download.done', { name: done }) : ''}
      </span>
      <ErrorNote error={download.error} />
    </div>
  );
}
