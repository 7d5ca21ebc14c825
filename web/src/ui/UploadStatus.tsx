// The progress of an upload ("Đang tải lên ▓▓▓░ 60%"), then what was done.
import { useId } from 'react';
import { useI18n } from '../i18n/i18n.js';

export function UploadStatus({ progress, done }: { progress: number | null; done: string | null }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="upload-status" role="status">
      {progress !== null ? (
        <>
          <label htmlFor={id}>{t('materials.upload.progress')}</label>{' '}
          <progress id={id} max={1} value={progress} /> {Math.round(progress * 100)}%
        </>
      ) : (
        (done ?? '')
      )}
    </div>
  );
}
