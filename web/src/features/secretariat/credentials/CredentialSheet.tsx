// The freshly issued credentials, shown once: one card per point to print
// and cut (name, code, join link, its QR code, the short code, the date and
// what the operator does), and the same as a CSV made in the browser.
import { useEffect, useId, useMemo } from 'react';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton } from '../../../ui/common.js';
import type { IssuedCredential } from './api.js';
import { qrShape } from './qr.js';
import { byName } from './selection.js';
import { buildCsv, csvFileName, joinLink } from './sheet.js';

/** Set on <body> while the sheet is open: the print styles then print the cards alone. */
const PRINTING_CLASS = 'credential-sheet-open';

export function CredentialSheet({
  credentials,
  onClose,
}: {
  credentials: IssuedCredential[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const origin = window.location.origin;
  const cards = useMemo(() => byName(credentials), [credentials]);
  useEffect(() => {
    document.body.classList.add(PRINTING_CLASS);
    // Closing the tab or reloading would lose the tokens: the browser asks first.
    const keep = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', keep);
    return () => {
      document.body.classList.remove(PRINTING_CLASS);
      window.removeEventListener('beforeunload', keep);
    };
  }, []);
  const download = () => {
    const csv = buildCsv(cards, origin, [
      t('credentials.csv.code'),
      t('credentials.csv.name'),
      t('credentials.csv.link'),
      t('credentials.csv.shortCode'),
    ]);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = csvFileName(cards[0]?.createdAt ?? new Date().toISOString());
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <section className="credential-sheet" aria-labelledby={`${id}-h`}>
      <div className="sheet-tools">
        <h2 id={`${id}-h`}>{t('credentials.sheet.heading', { n: cards.length })}</h2>
        <p className="warning" role="alert">
          {t('credentials.sheet.once')}
        </p>
        <div className="row">
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('credentials.sheet.print')}
          </button>
          <button type="button" className="primary" onClick={download}>
            {t('credentials.sheet.csv')}
          </button>
          <ConfirmButton
            label={t('credentials.sheet.done')}
            question={t('credentials.sheet.doneQuestion')}
            confirmLabel={t('credentials.sheet.doneConfirm')}
            onConfirm={onClose}
          />
        </div>
      </div>
      <ul className="credential-cards">
        {cards.map((c) => (
          <li key={c.id}>
            <CredentialCard credential={c} origin={origin} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function CredentialCard({
  credential: c,
  origin,
}: {
  credential: IssuedCredential;
  origin: string;
}) {
  const { t, dateTime } = useI18n();
  const link = joinLink(origin, c.token);
  const host = origin.replace(/^https?:\/\//, '');
  // The short code kept on one line inside the sentence.
  const [before, after] = t('credentials.card.howto', { origin: host, shortCode: '\u0000' }).split(
    '\u0000',
  );
  return (
    <article className="credential-card" data-code={c.code}>
      <p className="card-kicker">{t('credentials.card.kicker')}</p>
      <h3>{c.name}</h3>
      <div className="card-body">
        <QrCode text={link} label={t('credentials.card.qr', { name: c.name })} />
        <dl>
          <dt>{t('credentials.card.code')}</dt>
          <dd data-point-code>{c.code}</dd>
          <dt>{t('credentials.card.issued')}</dt>
          <dd>{dateTime(c.createdAt)}</dd>
        </dl>
      </div>
      <dl className="card-short">
        <dt>{t('credentials.card.shortCode')}</dt>
        <dd data-short-code>{c.shortCode}</dd>
      </dl>
      <p className="card-link">
        <span>{t('credentials.card.link')}:</span> <code data-join-link>{link}</code>
      </p>
      <p className="card-howto">
        {before}
        <span className="nowrap">{c.shortCode}</span>
        {after}
      </p>
      <p className="card-secret">{t('credentials.card.secret')}</p>
    </article>
  );
}

/** The join link as a QR code, drawn as SVG (sharp on paper). */
function QrCode({ text, label }: { text: string; label: string }) {
  const { path, box } = useMemo(() => qrShape(text), [text]);
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${box} ${box}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
