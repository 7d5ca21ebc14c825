// The invitation file behind the bearer token (see api/download.ts).
import { downloadWithToken } from '../../api/download.js';

/** The session's invitation as an iCalendar file. */
export function downloadInvitation(sessionId: string, token: string) {
  return downloadWithToken(
    `/api/v1/sessions/${sessionId}/invitation.ics`,
    token,
    `giay-moi-${sessionId.slice(0, 8)}.ics`,
  );
}
