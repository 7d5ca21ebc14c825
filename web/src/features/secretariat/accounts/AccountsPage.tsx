// Accounts: every logged-in person changes their own password here; the
// secretariat also lists, creates, disables and enables accounts and sets
// new passwords.
import { useCallback } from 'react';
import type { UserView } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useApiData } from '../records/use-api-data.js';
import { useUserLogin } from '../SecretariatLayout.js';
import { CreateUserForm } from './CreateUserForm.js';
import { OwnPassword } from './OwnPassword.js';
import { UsersTable } from './UsersTable.js';
import './accounts.css';

export function AccountsPage() {
  const { t } = useI18n();
  const { user } = useUserLogin();
  return (
    <div className="accounts-page">
      <h2>{t('accounts.heading')}</h2>
      {user.role === 'secretariat' ? <ManageAccounts me={user.username} /> : null}
      <OwnPassword />
    </div>
  );
}

function ManageAccounts({ me }: { me: string }) {
  const { t } = useI18n();
  const { data, error, setData } = useApiData<{ users: UserView[] }>('/api/v1/users');
  const upsert = useCallback(
    (user: UserView) =>
      setData((old) => {
        const users = old?.users ?? [];
        const known = users.some((u) => u.id === user.id);
        return {
          users: known ? users.map((u) => (u.id === user.id ? user : u)) : [...users, user],
        };
      }),
    [setData],
  );
  return (
    <>
      <ErrorNote error={error} />
      {data ? (
        <UsersTable users={data.users} me={me} onChanged={upsert} />
      ) : error ? null : (
        <p role="status">{t('common.loading')}</p>
      )}
      <CreateUserForm onCreated={upsert} />
    </>
  );
}
