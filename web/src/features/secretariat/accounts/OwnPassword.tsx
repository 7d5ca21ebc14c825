// Every logged-in person changes their own password here. The server ends
// every earlier token and answers a new one, which is stored at once.
import { type FormEvent, useState } from 'react';
import type { TokenRenewal } from '../../../../../src/contract/index.js';
import { credentials } from '../../../api/credentials.js';
import { ActionError, api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { passwordProblem } from './passwords.js';

export function OwnPassword() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<ReturnType<typeof passwordProblem>>(null);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    const login = credentials.user();
    if (!login) throw new ActionError('AUTH_EXPIRED', 'not logged in', 401);
    const fresh = await api<TokenRenewal>('POST', '/api/v1/auth/password', {
      token: login.token,
      body: { currentPassword: current, newPassword: next },
    });
    credentials.saveUser({ ...login, token: fresh.token, expiresAt: fresh.expiresAt });
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const found = passwordProblem(next, repeat);
    setProblem(found);
    if (!found) void change.run();
  };
  const wrong = change.error instanceof ActionError && change.error.code === 'WRONG_PASSWORD';
  return (
    <section className="panel" aria-labelledby="own-password">
      <h3 id="own-password">{t('accounts.own.heading')}</h3>
      <form className="account-form" onSubmit={submit}>
        <label htmlFor="own-current">{t('accounts.own.current')}</label>
        <input
          id="own-current"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <label htmlFor="own-new">{t('accounts.own.new')}</label>
        <input
          id="own-new"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="own-new-hint"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <p id="own-new-hint" className="hint">
          {t('accounts.password.tooShort')}
        </p>
        <label htmlFor="own-repeat">{t('accounts.own.repeat')}</label>
        <input
          id="own-repeat"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <button type="submit" className="primary" disabled={change.pending}>
          {t('accounts.own.submit')}
        </button>
        {problem ? (
          <p className="error" role="alert">
            {t(problem)}
          </p>
        ) : null}
        {wrong ? (
          <p className="error" role="alert">
            {t('accounts.own.wrong')}
          </p>
        ) : (
          <ErrorNote error={change.error} />
        )}
        {done ? (
          <p className="ok" role="status">
            {t('accounts.own.done')}
          </p>
        ) : null}
      </form>
    </section>
  );
}
