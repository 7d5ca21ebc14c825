// The front door: a point's operator pastes the join link or code the
// secretariat gave; a chair, moderator or secretary logs in.
import { type FormEvent, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { LoginResult } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { AppHeader, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { enterAsPoint, tokenFromInput } from './point-login.js';

export function StartPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const point = useMemo(() => credentials.point(), []);
  const user = useMemo(() => credentials.user(), []);

  const join = useAction(async () => {
    const where = await enterAsPoint(tokenFromInput(code));
    navigate(where);
  });
  const login = useAction(async () => {
    const result = await api<LoginResult>('POST', '/api/v1/auth/login', {
      body: { username, password },
    });
    credentials.saveUser({ token: result.token, expiresAt: result.expiresAt, user: result.user });
    navigate('/sessions');
  });

  const submit = (action: () => unknown) => (event: FormEvent) => {
    event.preventDefault();
    action();
  };

  return (
    <div className="page">
      <AppHeader title={t('start.title')} />
      <main className="start">
        <section className="panel" aria-labelledby="start-point">
          <h2 id="start-point">{t('start.point.heading')}</h2>
          {point ? (
            <p>
              {t('start.point.remembered', { name: point.name })}{' '}
              <button type="button" className="primary" onClick={() => navigate('/point')}>
                {t('start.point.continue')}
              </button>
            </p>
          ) : null}
          <p className="hint">{t('start.point.hint')}</p>
          <form onSubmit={submit(join.run)}>
            <label htmlFor="join-code">{t('start.point.code')}</label>
            <input
              id="join-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              required
            />
            <button type="submit" className="primary" disabled={join.pending}>
              {t('start.point.submit')}
            </button>
            <ErrorNote error={join.error} />
          </form>
        </section>
        <section className="panel" aria-labelledby="start-people">
          <h2 id="start-people">{t('start.people.heading')}</h2>
          {user ? (
            <p>
              {t('start.people.remembered', { name: user.user.displayName ?? user.user.username })}{' '}
              <button type="button" className="primary" onClick={() => navigate('/sessions')}>
                {t('start.point.continue')}
              </button>
            </p>
          ) : null}
          <form onSubmit={submit(login.run)}>
            <label htmlFor="login-username">{t('start.people.username')}</label>
            <input
              id="login-username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              required
            />
            <label htmlFor="login-password">{t('start.people.password')}</label>
            <input
              id="login-password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              required
            />
            <button type="submit" className="primary" disabled={login.pending}>
              {t('start.people.submit')}
            </button>
            <ErrorNote error={login.error} />
          </form>
        </section>
      </main>
    </div>
  );
}
