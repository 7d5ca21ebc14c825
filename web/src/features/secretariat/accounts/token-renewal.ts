// Keeping a person logged in while they work: a login token lives
// AUTH_TOKEN_TTL seconds (15 minutes by default); shortly before it ends it
// is exchanged for a fresh one (POST /api/v1/auth/refresh) and saved, so no
// page ever meets an expired token. Another tab's renewal is noticed and
// reused; a failed line is retried until the token runs out.
import type { TokenRenewal } from '../../../../../src/contract/index.js';
import { credentials, type UserLogin } from '../../../api/credentials.js';
import { ActionError, api } from '../../../api/http.js';

/** Retry after a failed renewal (network down, server restarting). */
export const RETRY_MS = 15_000;
const MAX_TIMER = 2 ** 31 - 1;

/**
 * How long to wait before renewing a token that expires at `expiresAt`: until
 * a fifth of its remaining life is left, but at least 10 s and at most 2 min
 * ahead of the end (a 15-minute token: after 13 minutes).
 */
export function renewalDelay(expiresAt: string, now: number): number {
  const left = Date.parse(expiresAt) - now;
  const margin = Math.min(120_000, Math.max(10_000, left / 5));
  return Math.max(0, Math.min(MAX_TIMER, left - margin));
}

export interface RenewalDeps {
  now(): number;
  load(): UserLogin | null;
  save(login: UserLogin): void;
  refresh(token: string): Promise<TokenRenewal>;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const browserDeps: RenewalDeps = {
  now: () => Date.now(),
  load: () => credentials.user(),
  save: (login) => credentials.saveUser(login),
  refresh: (token) => api<TokenRenewal>('POST', '/api/v1/auth/refresh', { token }),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Starts renewing the stored login; answers `{ stop, reschedule }`
 * (reschedule: the stored token changed, e.g. another tab renewed it, or
 * the machine woke up).
 */
export function startTokenRenewal(deps: RenewalDeps = browserDeps) {
  let timer: unknown = null;
  let stopped = false;
  /** The token the armed timer is to renew. */
  let due: string | null = null;
  const arm = (fn: () => void, ms: number) => {
    if (timer !== null) deps.clearTimer(timer);
    timer = stopped ? null : deps.setTimer(fn, ms);
  };
  const schedule = () => {
    const login = deps.load();
    if (!login || stopped) return;
    due = login.token;
    arm(renew, renewalDelay(login.expiresAt, deps.now()));
  };
  const renew = async () => {
    timer = null;
    const login = deps.load();
    if (!login || stopped) return;
    // Another tab renewed it already: wait for the new one's turn.
    if (login.token !== due) return schedule();
    try {
      const fresh = await deps.refresh(login.token);
      if (stopped) return;
      const latest = deps.load() ?? login;
      deps.save({ ...latest, token: fresh.token, expiresAt: fresh.expiresAt });
      schedule();
    } catch (error) {
      // The login itself is refused (disabled account, password changed
      // elsewhere): nothing to renew; the page's next call says so.
      if (error instanceof ActionError && (error.status === 401 || error.status === 403)) return;
      arm(renew, RETRY_MS);
    }
  };
  schedule();
  return {
    reschedule: schedule,
    stop: () => {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    },
  };
}
