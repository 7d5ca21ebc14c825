// The secretariat's pages share one frame: who is logged in, the navigation
// between the registry, credentials, calendar, accounts and records, and the
// page itself below. Other roles see the pages they may read.
import { useMemo } from 'react';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import type { UserView } from '../../../../src/contract/index.js';
import { credentials, type UserLogin } from '../../api/credentials.js';
import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import { AppHeader } from '../../ui/common.js';
import { useTokenRenewal } from './accounts/useTokenRenewal.js';

type Role = UserView['role'];
const SECTIONS: ReadonlyArray<{ path: string; label: MessageKey; roles: readonly Role[] }> = [
  {
    path: 'calendar',
    label: 'admin.nav.calendar',
    roles: ['secretariat', 'chair', 'moderator', 'observer'],
  },
  { path: 'registry', label: 'admin.nav.registry', roles: ['secretariat'] },
  { path: 'credentials', label: 'admin.nav.credentials', roles: ['secretariat'] },
  // Everyone changes their own password there; the secretariat manages every account.
  {
    path: 'accounts',
    label: 'admin.nav.accounts',
    roles: ['secretariat', 'chair', 'moderator', 'observer'],
  },
  {
    path: 'records',
    label: 'admin.nav.records',
    roles: ['secretariat', 'chair', 'moderator', 'observer'],
  },
  { path: 'materials', label: 'admin.nav.materials', roles: ['secretariat'] },
  {
    path: 'recordings',
    label: 'admin.nav.recordings',
    roles: ['secretariat', 'chair', 'moderator', 'observer'],
  },
  { path: 'audit', label: 'admin.nav.audit', roles: ['secretariat'] },
  { path: 'webhooks', label: 'admin.nav.webhooks', roles: ['secretariat'] },
];

/** The logged-in person; the pages below read it with `useUserLogin()`. */
export function useUserLogin(): UserLogin {
  const login = credentials.user();
  if (!login) throw new Error('useUserLogin outside SecretariatLayout');
  return login;
}

export function SecretariatLayout() {
  const { t } = useI18n();
  useTokenRenewal();
  const navigate = useNavigate();
  const login = useMemo(() => credentials.user(), []);
  if (!login) return <Navigate to="/" replace />;
  const { user } = login;
  return (
    <div className="page admin-page">
      <AppHeader
        title={t('admin.title')}
        subtitle={`${user.displayName ?? user.username} · ${t(`role.${user.role}`)}`}
      >
        <NavLink className="link" to="/sessions">
          {t('admin.nav.today')}
        </NavLink>
        <button
          type="button"
          className="link"
          onClick={() => {
            credentials.forgetUser();
            navigate('/');
          }}
        >
          {t('common.logout')}
        </button>
      </AppHeader>
      <nav className="admin-nav" aria-label={t('admin.nav')}>
        {SECTIONS.filter((s) => s.roles.includes(user.role)).map((s) => (
          <NavLink key={s.path} to={`/admin/${s.path}`}>
            {t(s.label)}
          </NavLink>
        ))}
      </nav>
      <main className="content admin-content">
        <Outlet />
      </main>
    </div>
  );
}

/** Shown by a page the person's role may not use. */
export function SecretariatOnly({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  const login = credentials.user();
  if (login?.user.role !== 'secretariat')
    return (
      <p className="error" role="alert">
        {t('admin.forbidden')}
      </p>
    );
  return <>{children}</>;
}
