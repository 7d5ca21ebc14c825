// Files the API serves behind the bearer token: fetched, then handed to the
// browser as a download (a plain link cannot carry the header).
import { ActionError } from '../../api/http.js';

export async function downloadWithToken(path: string, token: string, fileName: string) {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    throw new ActionError('NETWORK', String(error));
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ActionError(
      (problem.code as ActionError['code']) ??
        (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
      problem.detail ?? response.statusText,
      response.status,
    );
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The session's invitation as an iCalendar file. */
export function downloadInvitation(sessionId: string, token: string) {
  return downloadWithToken(
    `/api/v1/sessions/${sessionId}/invitation.ics`,
    token,
    `giay-moi-${sessionId.slice(0, 8)}.ics`,
  );
}
