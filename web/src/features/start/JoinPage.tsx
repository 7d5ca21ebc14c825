// The join link: /join#<credential>. The fragment never reaches the server's
// logs; the credential is checked, remembered, and taken off the address bar.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import { AppHeader, ErrorNote } from '../../ui/common.js';
import { enterAsPoint, tokenFromInput } from './point-login.js';

export function JoinPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const token = tokenFromInput(window.location.hash);
    history.replaceState(null, '', '/join');
    enterAsPoint(token).then((where) => navigate(where, { replace: true }), setError);
  }, [navigate]);
  return (
    <div className="page">
      <AppHeader title={t('join.title')} />
      <main className="start">
        {error ? (
          <section className="panel">
            <ErrorNote error={error} />
            <p>{t('join.failed')}</p>
            <a href="/">{t('join.back')}</a>
          </section>
        ) : (
          <p role="status">{t('join.checking')}</p>
        )}
      </main>
    </div>
  );
}
