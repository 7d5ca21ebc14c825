import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: Api;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' } });
  admin = await new Api(t.app).loginAdmin();
});
afterAll(async () => {
  await t?.close();
});

interface Entry {
  id: number;
  at: string;
  actor: { kind: string; id: string | null; name: string };
  action: string;
  entityType: string;
  entityId: string;
  sessionId: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

const entries = async (query = ''): Promise<Entry[]> => {
  const res = await admin.get(`/api/v1/audit${query}`);
  expect(res.status).toBe(200);
  return res.body.entries;
};
const latest = async () => (await entries('?limit=1'))[0] as Entry;

describe('audit log', () => {
  it('the seed is recorded per point, by the system', async () => {
    const seeded = await entries('?entityType=point&limit=500');
    expect(seeded).toHaveLength(35);
    expect(seeded.every((e) => e.actor.kind === 'system' && e.action === 'point.import')).toBe(
      true,
    );
    const hue = seeded.find((e) => e.entityId === 'hue');
    expect(hue?.changes).toMatchObject({
      name: { before: null, after: 'Thành ủy Huế' },
      kind: { before: null, after: 'province' },
    });
  });

  it('records who changed which point, when, and only the fields that changed', async () => {
    const before = Date.now();
    await admin.patch('/api/v1/points/hue', { name: 'Thành ủy Huế (sửa)' });
    const e = await latest();
    expect(e).toMatchObject({
      actor: { kind: 'user', name: 'admin' },
      action: 'point.update',
      entityType: 'point',
      entityId: 'hue',
      sessionId: null,
      changes: { name: { before: 'Thành ủy Huế', after: 'Thành ủy Huế (sửa)' } },
    });
    expect(Object.keys(e.changes)).toEqual(['name']);
    expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('an update that changes nothing, and a refused change, leave no entry', async () => {
    const before = (await latest()).id;
    await admin.patch('/api/v1/points/hue', { name: 'Thành ủy Huế (sửa)' });
    const refused = await admin.post('/api/v1/points', {
      code: 'hue',
      name: 'x',
      kind: 'province',
    });
    expect(refused.status).toBe(409);
    expect((await latest()).id).toBe(before);
  });

  it('keeps secrets out: password and token hashes show only that they changed', async () => {
    await admin.post('/api/v1/users', {
      username: 'kiem-tra',
      password: 'first-password',
      role: 'observer',
    });
    const created = await latest();
    expect(created.action).toBe('user.create');
    expect(created.changes.passwordHash).toEqual({ before: null, after: '[secret]' });
    await admin.patch('/api/v1/users/kiem-tra', { password: 'second-password', role: 'moderator' });
    const updated = await latest();
    expect(updated.changes).toEqual({
      role: { before: 'observer', after: 'moderator' },
      passwordHash: { before: '[secret]', after: '[secret]' },
    });
    const issued = await admin.post('/api/v1/points/hue/credentials', { label: 'trực' });
    const issue = await latest();
    expect(issue).toMatchObject({ action: 'credential.issue', entityId: issued.body.id });
    expect(JSON.stringify(issue)).not.toContain(issued.body.token);
    await admin.delete(`/api/v1/points/hue/credentials/${issued.body.id}`);
    expect(await latest()).toMatchObject({
      action: 'credential.revoke',
      // The log names the point whose credential it was.
      changes: { revokedAt: { before: null }, point: { before: null, after: 'hue' } },
    });
  });

  it('session changes carry the session id and can be read per session, newest first', async () => {
    const a = await admin.post('/api/v1/sessions', {
      title: 'Giao ban quý IV',
      kind: 'quarterly',
      startsAt: inDays(7),
      endsAt: inDays(7, 3),
      invitedPointCodes: ['trung-uong', 'hue', 'ha-noi'],
    });
    const b = await admin.post('/api/v1/sessions', {
      title: 'Chuyên đề',
      kind: 'thematic',
      startsAt: inDays(8),
      endsAt: inDays(8, 1),
      invitedPointCodes: ['ca-mau'],
    });
    await admin.patch(`/api/v1/sessions/${a.body.id}`, {
      title: 'Giao ban quý IV/2026',
      invitedPointCodes: ['trung-uong', 'hue'],
    });
    await admin.post(`/api/v1/sessions/${a.body.id}/status`, { status: 'checkin' });
    const clash = await admin.post('/api/v1/sessions', {
      title: 'x',
      kind: 'thematic',
      startsAt: inDays(7),
      endsAt: inDays(7, 1),
      invitedPointCodes: ['hue'],
    });
    expect(clash.status).toBe(409);

    const forA = await entries(`?sessionId=${a.body.id}`);
    expect(forA.map((e) => e.action)).toEqual([
      'session.status',
      'session.update',
      'session.create',
    ]);
    expect(forA.every((e) => e.sessionId === a.body.id && e.entityId === a.body.id)).toBe(true);
    const [status, update, create] = forA as [Entry, Entry, Entry];
    expect(create.changes.invitedPoints).toEqual({
      before: null,
      after: ['ha-noi', 'hue', 'trung-uong'],
    });
    expect(update.changes).toEqual({
      title: { before: 'Giao ban quý IV', after: 'Giao ban quý IV/2026' },
      invitedPoints: { before: ['ha-noi', 'hue', 'trung-uong'], after: ['hue', 'trung-uong'] },
    });
    expect(status.changes.status).toEqual({ before: 'scheduled', after: 'checkin' });
    expect(status.changes.checkinOpenedAt?.after).toEqual(expect.any(String));

    const forB = await entries(`?sessionId=${b.body.id}`);
    expect(forB.map((e) => e.action)).toEqual(['session.create']);
  });

  it('pages backwards with `before`', async () => {
    const page1 = await entries('?limit=3');
    const page2 = await entries(`?limit=3&before=${page1[2]?.id}`);
    expect(page2[0]?.id).toBeLessThan(page1[2]?.id ?? 0);
    expect(new Set([...page1, ...page2].map((e) => e.id)).size).toBe(6);
  });
});
