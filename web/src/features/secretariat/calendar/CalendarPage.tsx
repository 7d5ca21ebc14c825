// The secretariat's calendar: the month and week views at /admin/calendar,
// a session's page at :id, the form at new and :id/edit. Chair, moderators
// and observers read; only the secretariat creates and changes.
import { Route, Routes } from 'react-router';
import { SecretariatOnly } from '../SecretariatLayout.js';
import { CalendarView } from './CalendarView.js';
import { SessionDetail } from './SessionDetail.js';
import { SessionEditor } from './SessionEditor.js';
import './calendar.css';

export function CalendarPage() {
  return (
    <Routes>
      <Route index element={<CalendarView />} />
      <Route
        path="new"
        element={
          <SecretariatOnly>
            <SessionEditor />
          </SecretariatOnly>
        }
      />
      <Route path=":id" element={<SessionDetail />} />
      <Route
        path=":id/edit"
        element={
          <SecretariatOnly>
            <SessionEditor />
          </SecretariatOnly>
        }
      />
    </Routes>
  );
}
