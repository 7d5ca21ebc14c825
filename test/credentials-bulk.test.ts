import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Credentials by the hundred: the secretariat issues operator credentials for
 * all provinces (or a listed set) in one request; each token works for its
 * own point only; a bad selection issues nothing.
 */
let t: TestApp;
let admin: Api;

const credentialCount = async () => {
  const { points } = (await admin.get('/api/v1/points?limit=1000')).body;
  let n = 0;
  for (const p of points)
    n += (await admin.get(`/api/v1/points/${p.code}/credentials`)).body.credentials.length;
  return n;
};

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' } });
  admin = await new Api(t.app).loginAdmin();
});

afterAll(async () => {
  await t?.close();
});

describe('credentials in bulk', () => {
  it('issues one credential per province in one request, each for its own point', async () => {
    const res = await admin.post('/api/v1/credentials', { kind: 'province', label: 'tháng 12' });
    expect(res.status).toBe(201);
    const issued = res.body.credentials as Array<{ code: string; token: string; label: string }>;
    expect(issued).toHaveLength(34);
    expect(new Set(issued.map((c) => c.code)).size).toBe(34);
    expect(new Set(issued.map((c) => c.token)).size).toBe(34);
    expect(issued.every((c) => c.label === 'tháng 12')).toBe(true);
    for (const c of [issued[0], issued[17], issued[33]]) {
      const me = await admin.as(c?.token).get('/api/v1/auth/me');
      expect(me.body.point.code).toBe(c?.code);
    }
    // Shown once: listing the credentials never shows a token.
    const listed = (await admin.get(`/api/v1/points/${issued[0]?.code}/credentials`)).body;
    expect(JSON.stringify(listed)).not.toContain(issued[0]?.token);
    // Each issue is in the audit log, with the token's hash, never the token.
    const { entries } = (await admin.get('/api/v1/audit?entityType=credential&limit=500')).body;
    const logged = entries.filter((e: { action: string }) => e.action === 'credential.issue');
    expect(logged).toHaveLength(34);
    expect(JSON.stringify(entries)).not.toContain(issued[0]?.token);
  });

  it('issues for a listed set of points', async () => {
    const res = await admin.post('/api/v1/credentials', { pointCodes: ['ha-noi', 'trung-uong'] });
    expect(res.status).toBe(201);
    expect(res.body.credentials.map((c: { code: string }) => c.code)).toEqual([
      'ha-noi',
      'trung-uong',
    ]);
  });

  it('a bad selection is refused with a code and issues nothing', async () => {
    const before = await credentialCount();
    const unknown = await admin.post('/api/v1/credentials', { pointCodes: ['ha-noi', 'khong-co'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_REFERENCE');
    expect(unknown.body.detail).toContain('khong-co');
    expect((await admin.post('/api/v1/credentials', {})).body.code).toBe('VALIDATION_FAILED');
    const none = await admin.post('/api/v1/credentials', { kind: 'commune' });
    expect([none.status, none.body.code]).toEqual([422, 'UNKNOWN_REFERENCE']);
    expect((await admin.delete('/api/v1/points/hue')).status).toBe(200);
    const inactive = await admin.post('/api/v1/credentials', { pointCodes: ['hue', 'ha-noi'] });
    expect([inactive.status, inactive.body.code]).toEqual([409, 'CONFLICT']);
    expect(await credentialCount()).toBe(before);
    const observer = await admin.user('quan-sat', 'observer');
    expect((await observer.post('/api/v1/credentials', { kind: 'province' })).status).toBe(403);
  });
});
