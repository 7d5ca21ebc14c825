import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '../src/db/schema.js';
import { verifyPassword } from '../src/modules/auth/passwords.js';
import { bootstrapAdmin } from '../src/modules/users/bootstrap.js';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let anon: Api;
let admin: Api;
beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5', AUTH_TOKEN_TTL: '120' } });
  anon = new Api(t.app);
  admin = await anon.loginAdmin();
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('login', () => {
  it('the bootstrap admin (from ADMIN_PASSWORD) logs in and gets a token with its lifetime', async () => {
    const before = Date.now();
    const res = await anon.post('/api/v1/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      username: 'admin',
      role: 'secretariat',
      disabled: false,
    });
    const ttl = Date.parse(res.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(115_000);
    expect(ttl).toBeLessThan(125_000);
    const me = await anon.as(res.body.token).get('/api/v1/auth/me');
    expect(me.body).toMatchObject({ kind: 'user', user: { username: 'admin' } });
  });

  it('stores passwords as memory-hard scrypt hashes', async () => {
    const [row] = await t.app.database.db.select().from(users).where(eq(users.username, 'admin'));
    expect(row?.passwordHash).toMatch(/^scrypt\$12\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword(ADMIN_PASSWORD, row?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('something else', row?.passwordHash ?? '')).toBe(false);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await anon.post('/api/v1/auth/login', {
      username: 'admin',
      password: 'not-the-password',
    });
    const unknown = await anon.post('/api/v1/auth/login', {
      username: 'nobody',
      password: 'whatever-pass',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses an oversized login body with 413 problem+json', async () => {
    const res = await anon.post('/api/v1/auth/login', {
      username: 'admin',
      password: 'x'.repeat(10_000),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  const attempt = (ip: string, username: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: ip,
      payload: { username, password: 'guess-guess' },
    });

  it('limits guesses at one account from one address (LOGIN_RATE_LIMIT=5 per minute)', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt('10.9.9.9', 'admin')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await attempt('10.9.9.9', 'ADMIN');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address, or a colleague's account from the same office address, still gets in.
    expect((await attempt('10.9.9.10', 'admin')).statusCode).toBe(401);
    expect((await attempt('10.9.9.9', 'someone-else')).statusCode).toBe(401);
  });

  it('limits spraying many accounts from one address at ten times that', async () => {
    const statuses = [];
    for (let i = 0; i < 52; i++) statuses.push((await attempt('10.8.8.8', `user-${i}`)).statusCode);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(50)).toEqual([429, 429]);
  });
});

describe('token lifetime and revocation', () => {
  it('an expired token is refused (fake clock)', async () => {
    const user = await admin.user('expiring', 'observer');
    expect((await user.get('/api/v1/auth/me')).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 121_000 });
    const res = await user.get('/api/v1/auth/me');
    expect(res.status).toBe(401);
  });

  it('refresh issues a new token from a valid one', async () => {
    const user = await admin.user('refresher', 'chair');
    const res = await user.post('/api/v1/auth/refresh');
    expect(res.status).toBe(200);
    expect(res.body.token).not.toBe(user.token);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 90_000 });
    const again = await user.as(res.body.token).post('/api/v1/auth/refresh');
    expect(again.status).toBe(200);
  });

  it('changing your password ends older tokens and hands out a working one', async () => {
    const user = await admin.user('changer', 'moderator');
    const wrong = await user.post('/api/v1/auth/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'brand-new-password',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const res = await user.post('/api/v1/auth/password', {
      currentPassword: 'changer-password',
      newPassword: 'brand-new-password',
    });
    expect(res.status).toBe(200);
    expect((await user.get('/api/v1/auth/me')).status).toBe(401);
    expect((await user.as(res.body.token).get('/api/v1/auth/me')).status).toBe(200);
    await anon.login('changer', 'brand-new-password');
  });

  it('a disabled account cannot log in and its tokens stop working', async () => {
    const user = await admin.user('leaver', 'observer');
    const off = await admin.patch('/api/v1/users/leaver', { disabled: true });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expect((await user.get('/api/v1/auth/me')).status).toBe(401);
    const login = await anon.post('/api/v1/auth/login', {
      username: 'leaver',
      password: 'leaver-password',
    });
    expect(login.status).toBe(401);
  });

  it('the last active secretariat cannot be demoted or disabled', async () => {
    const demote = await admin.patch('/api/v1/users/admin', { role: 'observer' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_SECRETARIAT');
    expect((await admin.patch('/api/v1/users/admin', { disabled: true })).body.code).toBe(
      'LAST_SECRETARIAT',
    );
    await admin.user('second-admin', 'secretariat');
    expect((await admin.patch('/api/v1/users/admin', { displayName: 'Quản trị' })).status).toBe(
      200,
    );
    expect((await admin.patch('/api/v1/users/second-admin', { role: 'observer' })).status).toBe(
      200,
    );
  });

  it('usernames are unique', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'admin',
      password: 'whatever-pass',
      role: 'chair',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ALREADY_EXISTS');
  });
});

describe('bootstrap', () => {
  it('without ADMIN_PASSWORD creates the admin once with a random password, logged once', async () => {
    // A database with no users: the migrated template clone before any app ran on it.
    const { createTestDatabase } = await import('./support/database.js');
    const { openDatabase } = await import('../src/db/client.js');
    const database = await createTestDatabase();
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    try {
      const options = { username: 'root-admin', password: undefined, scryptLogN: 12 };
      await bootstrapAdmin(handle.db, log, options);
      await bootstrapAdmin(handle.db, log, options);
      const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.initialPassword);
      expect(logged).toHaveLength(1);
      const [row] = await handle.db.select().from(users);
      expect(row).toMatchObject({ username: 'root-admin', role: 'secretariat' });
      expect(await verifyPassword(logged[0].initialPassword, row?.passwordHash ?? '')).toBe(true);
      expect(await handle.db.$count(users)).toBe(1);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
