// The secretariat creates an account: username, name, role, initial password.
import { type FormEvent, useState } from 'react';
import type { UserView } from '../../../../../src/contract/index.js';
import { ActionError, api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { currentToken } from '../records/use-api-data.js';
import { generatePassword, passwordProblem } from './passwords.js';

export const ROLES = ['secretariat', 'chair', 'moderator', 'observer'] as const;

export function CreateUserForm({ onCreated }: { onCreated: (user: UserView) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserView['role']>('moderator');
  const [password, setPassword] = useState('');
  const [shortPassword, setShortPassword] = useState(false);
  const [created, setCreated] = useState<UserView | null>(null);
  const create = useAction(async () => {
    const user = await api<UserView>('POST', '/api/v1/users', {
      token: currentToken(),
      body: {
        username: username.trim().toLowerCase(),
        password,
        role,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      },
    });
    setCreated(user);
    setUsername('');
    setDisplayName('');
    setPassword('');
    onCreated(user);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const problem = passwordProblem(password) !== null;
    setShortPassword(problem);
    if (!problem) void create.run();
  };
  const error = create.error instanceof ActionError ? create.error : null;
  const usernameWrong = error?.fields.some((f) => f.path.includes('username')) ?? false;
  return (
    <section className="panel" aria-labelledby="create-account">
      <h3 id="create-account">{t('accounts.create.heading')}</h3>
      <form className="account-form" onSubmit={submit}>
        <label htmlFor="new-username">{t('accounts.create.username')}</label>
        <input
          id="new-username"
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby="new-username-hint"
          aria-invalid={usernameWrong || undefined}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <p id="new-username-hint" className="hint">
          {t('accounts.create.usernameHint')}
        </p>
        <label htmlFor="new-display-name">{t('accounts.create.displayName')}</label>
        <input
          id="new-display-name"
          autoComplete="off"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <label htmlFor="new-role">{t('accounts.create.role')}</label>
        <select
          id="new-role"
          value={role}
          onChange={(e) => setRole(e.target.value as UserView['role'])}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <label htmlFor="new-password">{t('accounts.create.password')}</label>
        <div className="row password-row">
          <input
            id="new-password"
            type="text"
            required
            autoComplete="new-password"
            spellCheck={false}
            aria-describedby="new-password-hint"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="button" onClick={() => setPassword(generatePassword())}>
            {t('accounts.create.generate')}
          </button>
        </div>
        <p id="new-password-hint" className="hint">
          {t('accounts.create.passwordHint')}
        </p>
        <button type="submit" className="primary" disabled={create.pending}>
          {t('accounts.create.submit')}
        </button>
        {shortPassword ? (
          <p className="error" role="alert">
            {t('accounts.password.tooShort')}
          </p>
        ) : null}
        {error?.code === 'ALREADY_EXISTS' ? (
          <p className="error" role="alert">
            {t('accounts.error.ALREADY_EXISTS')}
          </p>
        ) : usernameWrong ? (
          <p className="error" role="alert">
            {t('accounts.error.username')}
          </p>
        ) : (
          <ErrorNote error={create.error} />
        )}
        {created ? (
          <p className="ok" role="status">
            {t('accounts.create.done', { user: created.username, role: t(`role.${created.role}`) })}
          </p>
        ) : null}
      </form>
    </section>
  );
}
