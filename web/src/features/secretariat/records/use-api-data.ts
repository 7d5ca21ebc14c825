// Reading one API resource for a page: the data, or the failure to show,
// again when `reload()` is called or the path changes.
import { useCallback, useEffect, useState } from 'react';
import { credentials } from '../../../api/credentials.js';
import { api } from '../../../api/http.js';

export function useApiData<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` asks for the data again
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setError(null);
    // The token read now: a renewed one (useTokenRenewal) replaces the old.
    api<T>('GET', path, {
      token: credentials.user()?.token ?? null,
      signal: controller.signal,
    }).then(setData, (e) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [path, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, reload, setData };
}

/** The current login token (renewed ones included). */
export function currentToken(): string {
  return credentials.user()?.token ?? '';
}
