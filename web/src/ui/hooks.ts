import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

/** Re-renders every `ms` with the current time (countdowns). */
export function useNow(ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** A store with subscribe/getState (LiveSession, MediaClient) as React state. */
export function useStore<T>(store: { subscribe(l: () => void): () => void }, get: () => T): T {
  return useSyncExternalStore(store.subscribe, get, get);
}

/**
 * An action a person starts (a click): whether it runs, and its failure to
 * show. The failure stays until the next try.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fnRef.current(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, clearError: () => setError(null) };
}
