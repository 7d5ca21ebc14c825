// "Báo cáo": the point sends its written report (a file and/or text) and sees
// the deadline and whether it was on time. A new one replaces the earlier.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReportList } from '../../../../src/contract/index.js';
import { api } from '../../api/http.js';
import { ACCEPTED_FILES, uploadForm } from '../../api/upload.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { UploadStatus } from '../../ui/UploadStatus.js';

export function ReportSection({ sessionId, token }: { sessionId: string; token: string }) {
  const { t, dateTime } = useI18n();
  const ids = { file: useId(), text: useId() };
  const path = `/api/v1/sessions/${sessionId}/reports`;
  const [list, setList] = useState<ReportList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const [progress, setProgress] = useState<number | null>(null);
  const section = useRef<HTMLDetailsElement>(null);
  const load = useCallback(() => {
    api<ReportList>('GET', path, { token }).then(setList, setError);
  }, [path, token]);
  useEffect(load, [load]);
  const submit = useAction(async () => {
    const form = new FormData();
    if (text.trim()) form.append('text', text.trim());
    if (file) form.append('file', file, file.name);
    setProgress(0);
    try {
      await uploadForm(path, token, form, setProgress);
    } finally {
      setProgress(null);
    }
    setFile(null);
    setText('');
    setInputKey((k) => k + 1);
    load();
    // Back to the top, where the new status shows.
    section.current?.scrollTo({ top: 0 });
  });
  const mine = list?.reports[0];
  const status = mine?.reported ? (mine.onTime ? 'onTime' : 'late') : null;
  return (
    <details ref={section} className="side-section operator-report">
      <summary>
        {t('operator.report.heading')}
        {' · '}
        {status ? t(`reports.status.${status}`) : t('reports.status.missing')}
      </summary>
      <p className="muted">
        {list?.deadline
          ? t('operator.report.deadline', { at: dateTime(list.deadline) })
          : t('operator.report.noDeadline')}
      </p>
      <p role="status" className="report-state" data-status={status ?? 'missing'}>
        {mine?.reported && mine.submittedAt && status
          ? t('operator.report.status', {
              at: dateTime(mine.submittedAt),
              status: t(`reports.status.${status}`),
            })
          : t('operator.report.notYet')}
      </p>
      <form
        className="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run();
        }}
      >
        <label htmlFor={ids.file}>{t('operator.report.file')}</label>
        <input
          key={inputKey}
          id={ids.file}
          type="file"
          accept={ACCEPTED_FILES}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <label htmlFor={ids.text}>{t('operator.report.text')}</label>
        <textarea
          id={ids.text}
          rows={2}
          maxLength={100_000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="submit"
          className="primary"
          disabled={submit.pending || (!file && !text.trim())}
        >
          {mine?.reported ? t('operator.report.resubmit') : t('operator.report.submit')}
        </button>
      </form>
      <UploadStatus progress={progress} done={null} />
      <ErrorNote error={error ?? submit.error} />
    </details>
  );
}
