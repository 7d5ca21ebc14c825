// Uploads with a progress bar: fetch cannot report upload progress, so a
// multipart form goes through XMLHttpRequest; failures are ActionErrors
// with the server's stable code, as for every other call.
import { ActionError } from './http.js';

/** What the upload inputs accept (the server checks again, by content). */
export const ACCEPTED_FILES =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.gif,.webp,application/pdf,image/png,image/jpeg,image/gif,image/webp';

export function uploadForm<T>(
  path: string,
  token: string,
  form: FormData,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.timeout = 30 * 60_000;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: { code?: ActionError['code']; detail?: string } & Record<string, unknown> = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        // not JSON: a proxy's page; the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body as T);
        return;
      }
      const code =
        body.code ??
        (xhr.status === 413 ? 'FILE_TOO_LARGE' : xhr.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      reject(new ActionError(code, body.detail ?? xhr.statusText, xhr.status));
    };
    xhr.onerror = () => reject(new ActionError('NETWORK', 'upload failed'));
    xhr.ontimeout = () => reject(new ActionError('TIMEOUT', 'upload timed out'));
    xhr.send(form);
  });
}
