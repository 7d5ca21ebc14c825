// The secretariat's operator credentials: issue them for many points at
// once and hand them out as a printable sheet and a CSV (shown once), see
// which were issued and used, revoke and reissue.
import { useEffect, useState } from 'react';
import { NavLink, Route, Routes, useNavigate } from 'react-router';
import type { PointView } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { SecretariatOnly, useUserLogin } from '../SecretariatLayout.js';
import { type IssuedCredential, loadPoints } from './api.js';
import { CredentialList } from './CredentialList.js';
import { CredentialSheet } from './CredentialSheet.js';
import { IssueForm } from './IssueForm.js';
import './credentials.css';

export function CredentialsPage() {
  return (
    <SecretariatOnly>
      <Credentials />
    </SecretariatOnly>
  );
}

function Credentials() {
  const { t } = useI18n();
  const { token } = useUserLogin();
  const navigate = useNavigate();
  const [points, setPoints] = useState<PointView[] | null>(null);
  const [pointsError, setPointsError] = useState<unknown>(null);
  // The tokens of the last issue: held only here, gone when the sheet closes.
  const [issued, setIssued] = useState<IssuedCredential[] | null>(null);

  useEffect(() => {
    loadPoints(token).then(setPoints, setPointsError);
  }, [token]);

  if (issued)
    return (
      <CredentialSheet
        credentials={issued}
        onClose={() => {
          setIssued(null);
          navigate('/admin/credentials');
        }}
      />
    );
  return (
    <div className="credentials-page">
      <h2>{t('credentials.heading')}</h2>
      <p className="hint">{t('credentials.intro')}</p>
      <nav className="credentials-nav" aria-label={t('credentials.nav')}>
        <NavLink to="/admin/credentials" end>
          {t('credentials.nav.list')}
        </NavLink>
        <NavLink to="/admin/credentials/issue">{t('credentials.nav.issue')}</NavLink>
      </nav>
      <ErrorNote error={pointsError} />
      {points === null ? (
        pointsError ? null : (
          <p role="status">{t('credentials.loadingPoints')}</p>
        )
      ) : (
        <Routes>
          <Route index element={<CredentialList points={points} onIssued={setIssued} />} />
          <Route path="issue" element={<IssueForm points={points} onIssued={setIssued} />} />
        </Routes>
      )}
    </div>
  );
}
