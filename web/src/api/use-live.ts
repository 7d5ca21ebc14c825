import { useEffect, useRef, useState } from 'react';
import { useStore } from '../ui/hooks.js';
import { LiveSession, type LiveState } from './live-session.js';

/** The console's line to one session, open while the component is mounted. */
export function useLiveSession(
  token: string | null | undefined,
  sessionId: string | undefined,
  onTokenRenewed?: (token: string, expiresAt: string) => void,
): LiveSession | null {
  const [live, setLive] = useState<LiveSession | null>(null);
  // The latest callback, without reopening the line when it changes.
  const renewed = useRef(onTokenRenewed);
  renewed.current = onTokenRenewed;
  useEffect(() => {
    if (!token || !sessionId) return;
    const opened = LiveSession.open({ token, sessionId });
    opened.onTokenRenewed = (t, at) => renewed.current?.(t, at);
    setLive(opened);
    return () => opened.close();
  }, [token, sessionId]);
  return live;
}

const empty = { subscribe: () => () => {} };

export function useLiveState(live: LiveSession | null): LiveState | null {
  return useStore(live ?? empty, live ? live.getState : () => null);
}
