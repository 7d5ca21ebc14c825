// "Đăng ký lịch": the caller's own calendar feed (a point's with its
// credential, a person's with their login), to paste into a calendar
// program; copy it, or change it when it leaked (the old one stops).
import { useEffect, useId, useState } from 'react';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function FeedBox({ token, headingLevel = 3 }: { token: string; headingLevel?: 3 | 4 }) {
  const { t } = useI18n();
  const id = useId();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<'copied' | 'rotated' | null>(null);
  const rotate = useAction(async () => {
    const body = await api<{ url: string }>('POST', '/api/v1/calendar-feed/rotate', { token });
    setUrl(body.url);
    setNote('rotated');
  });
  useEffect(() => {
    const controller = new AbortController();
    api<{ url: string }>('GET', '/api/v1/calendar-feed', { token, signal: controller.signal }).then(
      (body) => setUrl(body.url),
      (e) => controller.signal.aborted || setError(e),
    );
    return () => controller.abort();
  }, [token]);
  const H = `h${headingLevel}` as const;
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission: the field is selected for Ctrl+C.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
    setNote('copied');
  };
  return (
    <section className="feed-box" aria-labelledby={`${id}-h`}>
      <H id={`${id}-h`}>{t('invitation.feed')}</H>
      <p className="hint">{t('invitation.feedHint')}</p>
      <ErrorNote error={error} />
      {url ? (
        <>
          <label htmlFor={id}>{t('invitation.feedUrl')}</label>
          <div className="row">
            <input
              id={id}
              className="feed-url"
              readOnly
              value={url}
              data-feed-url
              onFocus={(e) => e.target.select()}
            />
            <button type="button" onClick={copy}>
              {t('invitation.copy')}
            </button>
            <ConfirmButton
              label={t('invitation.rotate')}
              question={t('invitation.rotateQ')}
              onConfirm={() => rotate.run()}
              disabled={rotate.pending}
            />
          </div>
          <p role="status" className={note ? 'ok' : 'visually-hidden'}>
            {note === 'copied'
              ? t('invitation.copied')
              : note === 'rotated'
                ? t('invitation.rotated')
                : ''}
          </p>
          <ErrorNote error={rotate.error} />
        </>
      ) : null}
    </section>
  );
}
