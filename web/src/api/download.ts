// Downloads that need the login token: the browser cannot add a bearer
// header to a plain link, so the file is fetched, then handed to the
// browser as an object URL behind a temporary <a download>.
import { ActionError } from './http.js';

/** The name the server proposes (Content-Disposition), or `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

export async function downloadWithToken(
  path: string,
  token: string,
  fallbackName: string,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ActionError(timedOut ? 'TIMEOUT' : 'NETWORK', String(error));
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      code?: ActionError['code'];
      detail?: string;
    };
    throw new ActionError(
      problem.code ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
      problem.detail ?? response.statusText,
      response.status,
    );
  }
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start writing the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
