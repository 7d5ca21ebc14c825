// The accounts, with what the secretariat does to one: disable or enable it
// (asked first), set a new password (shown once).
import { useState } from 'react';
import type { UserView } from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { currentToken } from '../records/use-api-data.js';
import { generatePassword } from './passwords.js';

export function UsersTable({
  users,
  me,
  onChanged,
}: {
  users: readonly UserView[];
  /** The logged-in person's username (not disabled from here). */
  me: string;
  onChanged: (user: UserView) => void;
}) {
  const { t, dateTime } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState<{ user: string; password: string } | null>(null);
  const patch = (user: UserView, body: Record<string, unknown>) =>
    api<UserView>('PATCH', `/api/v1/users/${encodeURIComponent(user.username)}`, {
      token: currentToken(),
      body,
    });
  const toggle = useAction(async (user: UserView) => {
    setNotice(null);
    const changed = await patch(user, { disabled: !user.disabled });
    onChanged(changed);
    setNotice(
      t(changed.disabled ? 'accounts.disabled.done' : 'accounts.enabled.done', {
        user: changed.username,
      }),
    );
  });
  const reset = useAction(async (user: UserView) => {
    setNotice(null);
    setNewPassword(null);
    const password = generatePassword();
    await patch(user, { password });
    setNewPassword({ user: user.username, password });
  });
  return (
    <section className="panel" aria-labelledby="accounts-list">
      <h3 id="accounts-list">{t('accounts.list.heading')}</h3>
      {newPassword ? (
        <div className="new-password" role="status">
          <p>
            {t('accounts.reset.done', { user: newPassword.user })}{' '}
            <strong className="password" data-new-password={newPassword.user}>
              {newPassword.password}
            </strong>
          </p>
          <p className="hint">{t('accounts.reset.once')}</p>
          <button type="button" onClick={() => setNewPassword(null)}>
            {t('accounts.reset.hide')}
          </button>
        </div>
      ) : null}
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={toggle.error ?? reset.error} />
      <div className="table-scroll">
        <table className="accounts-table">
          <caption className="visually-hidden">{t('accounts.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accounts.col.username')}</th>
              <th scope="col">{t('accounts.col.displayName')}</th>
              <th scope="col">{t('accounts.col.role')}</th>
              <th scope="col">{t('accounts.col.state')}</th>
              <th scope="col">{t('accounts.col.created')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-username={u.username} data-disabled={String(u.disabled)}>
                <th scope="row">
                  {u.username}{' '}
                  {u.username === me ? <span className="muted">{t('accounts.you')}</span> : null}
                </th>
                <td>{u.displayName ?? '—'}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>
                  <span className={`badge ${u.disabled ? 'account-disabled' : 'account-active'}`}>
                    {t(u.disabled ? 'accounts.state.disabled' : 'accounts.state.active')}
                  </span>
                </td>
                <td>{dateTime(u.createdAt)}</td>
                <td>
                  <div className="row actions">
                    {u.username === me ? null : (
                      <ConfirmButton
                        label={t(u.disabled ? 'accounts.enable' : 'accounts.disable')}
                        question={t(
                          u.disabled ? 'accounts.enable.question' : 'accounts.disable.question',
                          { user: u.username },
                        )}
                        confirmLabel={t(
                          u.disabled ? 'accounts.enable.confirm' : 'accounts.disable.confirm',
                        )}
                        className={u.disabled ? undefined : 'danger'}
                        disabled={toggle.pending}
                        onConfirm={() => void toggle.run(u)}
                      />
                    )}
                    <ConfirmButton
                      label={t('accounts.reset')}
                      question={t('accounts.reset.question', { user: u.username })}
                      confirmLabel={t('accounts.reset.confirm')}
                      disabled={reset.pending}
                      onConfirm={() => void reset.run(u)}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
