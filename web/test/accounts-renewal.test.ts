import { describe, expect, it } from 'vitest';
import type { UserLogin } from '../src/api/credentials.js';
import { ActionError } from '../src/api/http.js';
import {
  generatePassword,
  passwordProblem,
} from '../src/features/secretariat/accounts/passwords.js';
import {
  RETRY_MS,
  type RenewalDeps,
  renewalDelay,
  startTokenRenewal,
} from '../src/features/secretariat/accounts/token-renewal.js';

const T0 = Date.parse('2026-11-30T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A clock and a timer queue the test moves by hand, and a store like localStorage. */
function harness(expiresAt: number, refresh: RenewalDeps['refresh']) {
  let now = T0;
  let stored: UserLogin | null = {
    token: 'token-0',
    expiresAt: iso(expiresAt),
    user: {
      id: 'u',
      username: 'vanphong',
      displayName: null,
      role: 'secretariat',
      disabled: false,
      createdAt: iso(T0),
    },
  };
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const calls: string[] = [];
  const deps: RenewalDeps = {
    now: () => now,
    // Like credentials.user(): an expired login is no login.
    load: () => (stored && Date.parse(stored.expiresAt) > now ? stored : null),
    save: (login) => {
      stored = login;
    },
    refresh: (token) => {
      calls.push(token);
      return refresh(token);
    },
    setTimer: (fn, ms) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  };
  /** Moves the clock to `until`, firing the timers due on the way. */
  const advance = async (until: number) => {
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      // Let the refresh promise settle.
      await new Promise((r) => setImmediate(r));
    }
    now = until;
  };
  return {
    deps,
    calls,
    advance,
    stored: () => stored,
    setStored: (l: UserLogin) => {
      stored = l;
    },
    pending: () => timers.size,
  };
}

describe('renewing a login token before it expires', () => {
  it('waits until two minutes before the end of a 15-minute token; short tokens keep a fifth', () => {
    expect(renewalDelay(iso(T0 + 900_000), T0)).toBe(780_000);
    expect(renewalDelay(iso(T0 + 60_000), T0)).toBe(48_000);
    expect(renewalDelay(iso(T0 + 20_000), T0)).toBe(10_000);
    expect(renewalDelay(iso(T0 - 1_000), T0)).toBe(0);
  });

  it('renews shortly before expiry, again and again, and stores each new token', async () => {
    let n = 0;
    const h = harness(T0 + 900_000, async () => {
      n += 1;
      return { token: `token-${n}`, expiresAt: iso(T0 + 780_000 * n + 900_000) };
    });
    const renewal = startTokenRenewal(h.deps);
    await h.advance(T0 + 779_000);
    expect(h.calls).toEqual([]);
    await h.advance(T0 + 780_000);
    expect(h.calls).toEqual(['token-0']);
    expect(h.stored()?.token).toBe('token-1');
    expect(h.stored()?.user.username).toBe('vanphong');
    // The second renewal uses the new token, before the first one's end.
    await h.advance(T0 + 2 * 780_000);
    expect(h.calls).toEqual(['token-0', 'token-1']);
    renewal.stop();
    expect(h.pending()).toBe(0);
  });

  it('retries a failed line every 15 s until it gets through', async () => {
    let fail = true;
    const h = harness(T0 + 900_000, async () => {
      if (fail) throw new ActionError('NETWORK', 'down');
      return { token: 'fresh', expiresAt: iso(T0 + 2_000_000) };
    });
    startTokenRenewal(h.deps);
    await h.advance(T0 + 780_000);
    expect(h.calls).toHaveLength(1);
    await h.advance(T0 + 780_000 + RETRY_MS);
    expect(h.calls).toHaveLength(2);
    fail = false;
    await h.advance(T0 + 780_000 + 2 * RETRY_MS - 1);
    expect(h.calls).toHaveLength(2);
    await h.advance(T0 + 780_000 + 2 * RETRY_MS);
    expect(h.stored()?.token).toBe('fresh');
  });

  it('stops retrying once the token has run out', async () => {
    const h = harness(T0 + 900_000, async () => {
      throw new ActionError('NETWORK', 'down');
    });
    startTokenRenewal(h.deps);
    await h.advance(T0 + 1_000_000);
    // 780 s, then every 15 s while the token lives (…, 885 s).
    expect(h.calls).toHaveLength(8);
    expect(h.pending()).toBe(0);
  });

  it('gives up when the login itself is refused (account disabled)', async () => {
    const h = harness(T0 + 60_000, async () => {
      throw new ActionError('UNAUTHORIZED', 'no', 401);
    });
    startTokenRenewal(h.deps);
    await h.advance(T0 + 59_000);
    expect(h.calls).toHaveLength(1);
    expect(h.pending()).toBe(0);
  });

  it("uses another tab's renewal instead of renewing again", async () => {
    const h = harness(T0 + 60_000, async () => ({ token: 'mine', expiresAt: iso(T0 + 999_000) }));
    const renewal = startTokenRenewal(h.deps);
    await h.advance(T0 + 30_000);
    const other = h.stored();
    if (!other) throw new Error('no login');
    h.setStored({ ...other, token: 'other-tab', expiresAt: iso(T0 + 30_000 + 60_000) });
    renewal.reschedule();
    await h.advance(T0 + 60_000);
    expect(h.calls).toEqual([]);
    expect(h.stored()?.token).toBe('other-tab');
    await h.advance(T0 + 30_000 + 48_000);
    expect(h.calls).toEqual(['other-tab']);
    renewal.stop();
  });
});

describe('passwords the secretariat hands out', () => {
  it('are 12 unambiguous characters in three groups, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(50);
    expect(passwordProblem(generatePassword())).toBeNull();
  });

  it('a new password needs 10 characters and the same twice', () => {
    expect(passwordProblem('ngắn')).toBe('accounts.password.tooShort');
    expect(passwordProblem('mật-khẩu-dài', 'mật-khẩu-dai')).toBe('accounts.password.mismatch');
    expect(passwordProblem('mật-khẩu-dài', 'mật-khẩu-dài')).toBeNull();
  });
});
