// The hook SecretariatLayout (or any console of a logged-in person) calls once.
import { useEffect } from 'react';
import { startTokenRenewal } from './token-renewal.js';

/** Renews the stored login token before it expires, for as long as the component lives. */
export function useTokenRenewal(): void {
  useEffect(() => {
    const renewal = startTokenRenewal();
    // Timers sleep with the machine and in background tabs; look again when
    // the page is back, and when another tab stored a new token.
    const again = () => {
      if (document.visibilityState === 'visible') renewal.reschedule();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key === 'giaoban.user') renewal.reschedule();
    };
    document.addEventListener('visibilitychange', again);
    window.addEventListener('storage', onStorage);
    return () => {
      renewal.stop();
      document.removeEventListener('visibilitychange', again);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
}
