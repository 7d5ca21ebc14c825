import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { DeskPage } from '../features/desk/DeskPage.js';
import { HallPage } from '../features/hall/HallPage.js';
import { OperatorHome, OperatorPage } from '../features/operator/OperatorPage.js';
import { AccountsPage } from '../features/secretariat/accounts/AccountsPage.js';
import { CalendarPage } from '../features/secretariat/calendar/CalendarPage.js';
import { CredentialsPage } from '../features/secretariat/credentials/CredentialsPage.js';
import { MaterialsPage } from '../features/secretariat/materials/MaterialsPage.js';
import { RecordingsPage } from '../features/secretariat/recordings/RecordingsPage.js';
import { AuditPage } from '../features/secretariat/records/AuditPage.js';
import { RecordsPage } from '../features/secretariat/records/RecordsPage.js';
import { RegistryPage } from '../features/secretariat/registry/RegistryPage.js';
import { SecretariatLayout } from '../features/secretariat/SecretariatLayout.js';
import { WebhooksPage } from '../features/secretariat/webhooks/WebhooksPage.js';
import { JoinPage } from '../features/start/JoinPage.js';
import { SessionsPage } from '../features/start/SessionsPage.js';
import { StartPage } from '../features/start/StartPage.js';
import { I18nProvider } from '../i18n/i18n.js';

/**
 * The consoles: `/` to log in or enter a point's code, `/join#<credential>`
 * (the join link), `/point` the connection point's operator, `/hall` the
 * central hall's video wall, `/desk` the moderators, `/admin` the
 * secretariat's pages (each section routes its own sub-pages under `x/*`).
 */
export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<StartPage />} />
          <Route path="/join" element={<JoinPage />} />
          <Route path="/sessions" element={<SessionsPage />} />
          <Route path="/point" element={<OperatorHome />} />
          <Route path="/point/:sessionId" element={<OperatorPage />} />
          <Route path="/hall/:sessionId" element={<HallPage />} />
          <Route path="/desk/:sessionId" element={<DeskPage />} />
          <Route path="/admin" element={<SecretariatLayout />}>
            <Route index element={<Navigate to="calendar" replace />} />
            <Route path="calendar/*" element={<CalendarPage />} />
            <Route path="registry/*" element={<RegistryPage />} />
            <Route path="credentials/*" element={<CredentialsPage />} />
            <Route path="accounts/*" element={<AccountsPage />} />
            <Route path="records/*" element={<RecordsPage />} />
            <Route path="materials/*" element={<MaterialsPage />} />
            <Route path="recordings/*" element={<RecordingsPage />} />
            <Route path="audit/*" element={<AuditPage />} />
            <Route path="webhooks" element={<WebhooksPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </I18nProvider>
  );
}
