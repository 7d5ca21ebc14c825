import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * Sockets follow the account: a login token's expiry ends a socket's rights
 * unless renewed in band (auth:refresh), a new role or a lost moderation
 * applies to the next event, and a disabled account's sockets close.
 */
const open: TestClient[] = [];
afterAll(() => {
  for (const c of open) c.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When a login token really expires: its `exp` claim (whole seconds). */
const tokenExpiry = (token: string): number =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).exp * 1000;

async function socketFor(url: string, token: string, sessionId?: string) {
  const client = await TestClient.connect(url, token, sessionId);
  open.push(client);
  return client;
}

/** One handshake, no retries: how it ended. */
function attempt(url: string, token: string): Promise<{ connected: boolean; error?: string }> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.on('connect_error', (err) => {
      socket.close();
      resolve({ connected: false, error: err.message });
    });
  });
}

describe('login tokens of 4 s (set through the built configuration)', () => {
  let t: TestApp;
  let url: string;
  let sessionId: string;
  /** The secretariat, logged in afresh for each use: its tokens live 4 s too. */
  const admin = () => new Api(t.app).loginAdmin();
  const login = async (username: string) => {
    const res = await new Api(t.app).post('/api/v1/auth/login', {
      username,
      password: `${username}-password`,
    });
    return { token: res.body.token as string };
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { SEED_POINTS: '2025', LOGIN_RATE_LIMIT: '1000' },
      listen: true,
      configure: (config) => {
        config.auth.tokenTtlSeconds = 4;
      },
    });
    url = baseUrl(t.app);
    const a = await admin();
    for (const [name, role] of [
      ['quan-sat', 'observer'],
      ['roi-di', 'observer'],
      ['gia-han', 'observer'],
      ['dieu-hanh', 'moderator'],
    ] as const) {
      await a.post('/api/v1/users', { username: name, password: `${name}-password`, role });
    }
    sessionId = (
      await a.post('/api/v1/sessions', {
        title: 'Giao ban',
        kind: 'monthly',
        startsAt: inDays(20),
        endsAt: inDays(20, 2),
        invitedPointCodes: ['lai-chau'],
      })
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the handshake refuses an expired token with AUTH_EXPIRED, a bad or revoked one with AUTH_INVALID', async () => {
    const expiring = await login('quan-sat');
    const revoked = await login('roi-di');
    await (await admin()).patch('/api/v1/users/roi-di', { disabled: true });
    expect(await attempt(url, revoked.token)).toEqual({ connected: false, error: 'AUTH_INVALID' });
    expect(await attempt(url, 'made-up')).toEqual({ connected: false, error: 'AUTH_INVALID' });
    expect(await attempt(url, expiring.token)).toEqual({ connected: true });
    await sleep(tokenExpiry(expiring.token) - Date.now() + 100);
    expect(await attempt(url, expiring.token)).toEqual({ connected: false, error: 'AUTH_EXPIRED' });
  });

  it('a socket is warned before its token expires, refused after, and closed at expiry', async () => {
    const { token } = await login('quan-sat');
    const expiry = tokenExpiry(token);
    const client = await socketFor(url, token);
    const seen: Record<string, { at: number; payload: any }> = {};
    for (const event of ['auth:expiring', 'auth:expired']) {
      client.socket.on(event, (payload: any) => {
        seen[event] = { at: Date.now(), payload };
      });
    }
    const closed = new Promise<string>((resolve) => client.socket.on('disconnect', resolve));
    expect(await client.emit('session:join', { sessionId })).toMatchObject({ ok: true });

    // The server's clock past the expiry before its timer fires: every event is refused.
    vi.useFakeTimers({ toFake: ['Date'], now: expiry + 1_000 });
    for (const [event, payload] of [
      ['session:join', { sessionId }],
      ['session:leave', { sessionId }],
    ] as const) {
      expect(await client.emit(event, payload)).toMatchObject({
        ok: false,
        error: { code: 'AUTH_EXPIRED' },
      });
    }
    vi.useRealTimers();

    expect(await closed).toBe('io server disconnect');
    const warning = seen['auth:expiring'];
    const expired = seen['auth:expired'];
    // The socket's expiry is its token's; the notice comes min(60 s, TTL / 3) = 1.33 s before.
    expect(warning?.payload).toEqual({ expiresAt: new Date(expiry).toISOString() });
    expect(expiry - (warning?.at ?? 0)).toBeGreaterThan(1_333 - 700);
    expect(expiry - (warning?.at ?? 0)).toBeLessThan(1_333 + 200);
    expect(expired?.payload).toEqual({ expiredAt: new Date(expiry).toISOString() });
    expect((expired?.at ?? 0) - expiry).toBeGreaterThan(-200);
    expect((expired?.at ?? 0) - expiry).toBeLessThan(700);
    expect(client.socket.connected).toBe(false);
  });

  it('auth:refresh renews in band: the socket outlives the old token; the new one works over HTTP and to reconnect', async () => {
    const old = await login('gia-han');
    const oldExpiry = tokenExpiry(old.token);
    const client = await socketFor(url, old.token);
    await sleep(oldExpiry - Date.now() - 1_000); // renewed a second before the old token expires
    const renewed = await client.emit('auth:refresh', {}, 3_000);
    expect(renewed).toMatchObject({ ok: true, data: { token: expect.any(String) } });
    const { token, expiresAt } = renewed.ok ? renewed.data : { token: '', expiresAt: '' };
    expect(token).not.toBe(old.token);
    expect(Date.parse(expiresAt)).toBeGreaterThan(oldExpiry + 1_500);

    await sleep(oldExpiry - Date.now() + 250);
    expect(await client.emit('session:join', { sessionId })).toMatchObject({ ok: true });
    expect(client.socket.connected).toBe(true);
    expect(client.received.map((r) => r.event)).not.toContain('auth:expired');
    expect((await new Api(t.app, old.token).get('/api/v1/auth/me')).status).toBe(401);
    const me = await new Api(t.app, token).get('/api/v1/auth/me');
    expect(me.body).toMatchObject({ user: { username: 'gia-han' } });

    // A reconnection presents the new token (the old one is refused by now).
    expect(await attempt(url, old.token)).toEqual({ connected: false, error: 'AUTH_EXPIRED' });
    client.socket.auth = { token };
    const back = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    client.drop();
    await back;
    expect(await client.emit('session:join', { sessionId })).toMatchObject({ ok: true });
  });

  it('across two expiries: renewing on each auth:expiring, a moderator keeps running a live session', async () => {
    const b = await liveBriefing(await admin(), url, ['hue'], {
      day: 3,
      moderators: ['dieu-hanh'],
    });
    for (const c of b.points.values()) open.push(c);
    const asked = await b.points.get('hue')?.emit('speaker:request', { sessionId: b.sessionId });
    const entryId = asked?.ok ? asked.data.entryId : '';
    const move = () =>
      moderator.emit('speaker:move', { sessionId: b.sessionId, entryId, position: 1 });

    const first = await login('dieu-hanh');
    const moderator = await socketFor(url, first.token);
    const renewals: Array<{ token: string; expiresAt: string }> = [];
    moderator.socket.on('auth:expiring', async () => {
      const ack = await moderator.emit('auth:refresh', {});
      if (!ack.ok) return;
      renewals.push(ack.data);
      moderator.socket.auth = { token: ack.data.token }; // for the next reconnection
    });
    expect(await move()).toMatchObject({ ok: true });

    // Past the first token's expiry and the first renewal's: two renewals by then.
    await waitUntil(
      () => renewals.length >= 2 && Date.now() > Date.parse(renewals[0]?.expiresAt ?? '') + 300,
      12_000,
    );
    expect(Date.now()).toBeGreaterThan(tokenExpiry(first.token) + 2_000);
    expect(await move()).toMatchObject({ ok: true, data: { queue: [{ entryId }] } });
    expect(moderator.received.map((r) => r.event)).not.toContain('auth:expired');

    // Reconnected with the latest token: the earlier ones are refused by now.
    for (const stale of [first.token, renewals[0]?.token ?? '']) {
      expect(await attempt(url, stale)).toEqual({ connected: false, error: 'AUTH_EXPIRED' });
    }
    const back = new Promise<void>((resolve) => moderator.socket.once('connect', () => resolve()));
    moderator.drop();
    await back;
    expect(moderator.socket.auth).toEqual({ token: renewals.at(-1)?.token });
    expect(await move()).toMatchObject({ ok: true });
    const rollCall = await moderator.emit('rollcall:start', {
      sessionId: b.sessionId,
      seconds: 30,
    });
    expect(rollCall).toMatchObject({ ok: true });
  }, 30_000);

  it('a point credential does not expire: its auth:refresh answers BAD_REQUEST', async () => {
    const point = await (await admin()).point('lai-chau');
    const client = await socketFor(url, point.token as string);
    expect(await client.emit('auth:refresh', {}, 3_000)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});

describe('account changes reach open sockets', () => {
  let t: TestApp;
  let url: string;
  let admin: Api;
  beforeAll(async () => {
    t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
    url = baseUrl(t.app);
    admin = await new Api(t.app).loginAdmin();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a demoted moderator gets auth:changed and can no longer run its session', async () => {
    const mod1 = await admin.user('mod1', 'moderator');
    const b = await liveBriefing(admin, url, ['ha-noi'], { day: 1, moderators: ['mod1'] });
    for (const c of b.points.values()) open.push(c);
    const asked = await b.points.get('ha-noi')?.emit('speaker:request', { sessionId: b.sessionId });
    const entryId = asked?.ok ? asked.data.entryId : '';
    const client = await socketFor(url, mod1.token as string);
    const sessionId = b.sessionId;
    const acts = () => [
      client.emit('speaker:move', { sessionId, entryId, position: 1 }),
      client.emit('media:mic', { sessionId, pointCode: 'ha-noi', state: 'open' }),
      client.emit('rollcall:start', { sessionId, seconds: 30 }),
    ];
    expect(await client.emit('speaker:move', { sessionId, entryId, position: 1 })).toMatchObject({
      ok: true,
    });

    const changed = client.next('auth:changed', () => true, 5_000);
    expect((await admin.patch('/api/v1/users/mod1', { role: 'observer' })).status).toBe(200);
    expect(await changed).toEqual({ role: 'observer' });
    for (const ack of await Promise.all(acts())) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(client.socket.connected).toBe(true);

    const restored = client.next('auth:changed', () => true, 5_000);
    await admin.patch('/api/v1/users/mod1', { role: 'moderator' });
    expect(await restored).toEqual({ role: 'moderator' });
    for (const ack of await Promise.all(acts())) expect(ack).toMatchObject({ ok: true });
  });

  it('a moderator taken off a session can no longer act there', async () => {
    const mod2 = await admin.user('mod2', 'moderator');
    const created = await admin.post('/api/v1/sessions', {
      title: 'Giao ban',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(2),
      endsAt: inDays(2, 2),
      invitedPointCodes: ['hue'],
      moderatorUsernames: ['mod2'],
    });
    const sessionId: string = created.body.id;
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });
    const client = await socketFor(url, mod2.token as string);
    expect(
      await client.emit('media:mic', { sessionId, pointCode: 'hue', state: 'closed' }),
    ).toMatchObject({ ok: true });

    const edited = await admin.patch(`/api/v1/sessions/${sessionId}`, { moderatorUsernames: [] });
    expect(edited.body.moderators).toEqual([]);
    for (const ack of await Promise.all([
      client.emit('media:mic', { sessionId, pointCode: 'hue', state: 'auto' }),
      client.emit('rollcall:start', { sessionId, seconds: 30 }),
    ])) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('disabling an account disconnects its sockets', async () => {
    const user = await admin.user('nghi-viec', 'chair');
    const client = await socketFor(url, user.token as string);
    const closed = new Promise<string>((resolve) => client.socket.on('disconnect', resolve));
    await admin.patch('/api/v1/users/nghi-viec', { disabled: true });
    expect(await closed).toBe('io server disconnect');
    expect(await attempt(url, user.token as string)).toEqual({
      connected: false,
      error: 'AUTH_INVALID',
    });
  });
});
