// The secretariat hands a point its join link from the board: a new operator
// credential, shown once (the server keeps only its hash).
import { useEffect, useRef, useState } from 'react';
import { credentials } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function JoinLinkButton({ code, name }: { code: string; name: string }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [link, setLink] = useState('');
  const [copied, setCopied] = useState(false);
  const issue = useAction(async () => {
    const { token } = await api<{ token: string }>('POST', `/api/v1/points/${code}/credentials`, {
      token: credentials.user()?.token,
      body: { label: 'web' },
    });
    setLink(`${location.origin}/join#${token}`);
    setCopied(false);
  });
  // Opened once the new link is on screen.
  useEffect(() => {
    if (link) dialog.current?.showModal();
  }, [link]);
  return (
    <>
      <button type="button" className="link" onClick={() => issue.run()} disabled={issue.pending}>
        {t('link.issue')}
      </button>
      <ErrorNote error={issue.error} />
      <dialog ref={dialog} aria-labelledby={`link-${code}`} className="confirm">
        <p id={`link-${code}`}>{t('link.title', { name })}</p>
        <label htmlFor={`link-value-${code}`}>{t('link.label')}</label>
        <input
          id={`link-value-${code}`}
          readOnly
          value={link}
          onFocus={(e) => e.target.select()}
          data-join-link
        />
        <p className="hint">{t('link.once')}</p>
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={() =>
              navigator.clipboard?.writeText(link).then(
                () => setCopied(true),
                () => {},
              )
            }
          >
            {copied ? t('link.copied') : t('link.copy')}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('common.close')}
          </button>
        </div>
      </dialog>
    </>
  );
}
