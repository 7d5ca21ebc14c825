import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: Api;
let chair: Api;
let moderator: Api;
let otherModerator: Api;
let observer: Api;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2019' } });
  admin = await new Api(t.app).loginAdmin();
  chair = await admin.user('chu-tri', 'chair');
  moderator = await admin.user('dieu-hanh', 'moderator');
  otherModerator = await admin.user('dieu-hanh-2', 'moderator');
  observer = await admin.user('quan-sat', 'observer');
});
afterAll(async () => {
  await t?.close();
});

const monthly = (overrides: Record<string, unknown> = {}) => ({
  title: 'Giao ban tháng 12',
  kind: 'monthly',
  startsAt: inDays(10),
  endsAt: inDays(10, 3),
  ...overrides,
});

describe('scheduling the 69-point briefing', () => {
  let first: { id: string; title: string };

  it('a session inviting every point is created (201) with its agenda, chair and moderators', async () => {
    const res = await admin.post(
      '/api/v1/sessions',
      monthly({
        chairUsername: 'chu-tri',
        moderatorUsernames: ['dieu-hanh'],
        agenda: [
          { title: 'Báo cáo kết quả tháng 11', presenter: 'Vụ Tổng hợp', plannedMinutes: 30 },
          { title: 'Thảo luận', plannedMinutes: 90, plannedSpeeches: 11 },
          { title: 'Kết luận của đồng chí chủ trì', plannedMinutes: 20 },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      invitedCount: 69,
      urgent: false,
      chair: { username: 'chu-tri' },
      moderators: [{ username: 'dieu-hanh' }],
    });
    expect(res.body.invitedPoints).toHaveLength(69);
    expect(
      res.body.agenda.map((a: { position: number; plannedSpeeches: number | null }) => [
        a.position,
        a.plannedSpeeches,
      ]),
    ).toEqual([
      [1, null],
      [2, 11],
      [3, null],
    ]);
    first = res.body;
  });

  it('an overlapping session sharing any point is refused with 409 naming the first', async () => {
    const res = await admin.post(
      '/api/v1/sessions',
      monthly({
        title: 'Chuyên đề',
        kind: 'thematic',
        startsAt: inDays(10, 2),
        endsAt: inDays(10, 5),
        invitedPointCodes: ['ca-mau'],
      }),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SESSION_CLASH');
    expect(res.body.detail).toContain(first.title);
    expect(res.body.detail).toContain(first.id);
    expect(res.body.clashes).toEqual([
      expect.objectContaining({ sessionId: first.id, pointCodes: ['ca-mau'] }),
    ]);
    const listed = await admin.get(`/api/v1/sessions?from=${inDays(9)}&to=${inDays(11)}`);
    expect(listed.body.sessions).toHaveLength(1);
  });

  it('the same points right after, or other points at the same time, are fine', async () => {
    const after = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(10, 3), endsAt: inDays(10, 4), invitedPointCodes: ['ca-mau'] }),
    );
    expect(after.status).toBe(201);
    const cancelled = await admin.post(`/api/v1/sessions/${after.body.id}/status`, {
      status: 'cancelled',
      reason: 'Trùng lịch họp Bộ Chính trị',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelledAt).not.toBeNull();
  });

  it('a cancelled session frees its points', async () => {
    const a = await admin.post(
      '/api/v1/sessions',
      monthly({
        startsAt: inDays(20),
        endsAt: inDays(20, 2),
        invitedPointCodes: ['ha-giang', 'cao-bang'],
      }),
    );
    expect(a.status).toBe(201);
    const clash = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(20, 1), endsAt: inDays(20, 3), invitedPointCodes: ['cao-bang'] }),
    );
    expect(clash.status).toBe(409);
    await admin.post(`/api/v1/sessions/${a.body.id}/status`, {
      status: 'cancelled',
      reason: 'Hoãn sang tuần sau',
    });
    const retry = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(20, 1), endsAt: inDays(20, 3), invitedPointCodes: ['cao-bang'] }),
    );
    expect(retry.status).toBe(201);
  });

  it('an illegal status change is refused (409) and changes nothing', async () => {
    const res = await admin.post(`/api/v1/sessions/${first.id}/status`, { status: 'ended' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'scheduled',
      to: 'ended',
      allowed: ['checkin', 'cancelled'],
    });
    expect((await admin.get(`/api/v1/sessions/${first.id}`)).body.status).toBe('scheduled');
  });
});

describe('notice, drafts and edits', () => {
  it('needs 72 h notice unless urgent', async () => {
    const soon = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(1), endsAt: inDays(1, 2), invitedPointCodes: ['dien-bien'] }),
    );
    expect(soon.status).toBe(422);
    expect(soon.body.code).toBe('NOTICE_TOO_SHORT');
    const urgent = await admin.post(
      '/api/v1/sessions',
      monthly({
        kind: 'extraordinary',
        urgent: true,
        startsAt: inDays(1),
        endsAt: inDays(1, 2),
        invitedPointCodes: ['dien-bien'],
      }),
    );
    expect(urgent.status).toBe(201);
  });

  it('refuses impossible times and unknown references, changing nothing', async () => {
    const before = (await admin.get('/api/v1/sessions?limit=1000')).body.sessions.length;
    const backwards = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(30, 2), endsAt: inDays(30) }),
    );
    expect(backwards.status).toBe(400);
    const past = await admin.post(
      '/api/v1/sessions',
      monthly({ urgent: true, startsAt: inDays(-1), endsAt: inDays(-1, 1) }),
    );
    expect(past.status).toBe(400);
    const unknownPoint = await admin.post(
      '/api/v1/sessions',
      monthly({
        startsAt: inDays(30),
        endsAt: inDays(30, 1),
        invitedPointCodes: ['ha-noi', 'atlantis'],
      }),
    );
    expect(unknownPoint.status).toBe(422);
    expect(unknownPoint.body.errors[0].message).toContain('atlantis');
    const notAChair = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(30), endsAt: inDays(30, 1), chairUsername: 'quan-sat' }),
    );
    expect(notAChair.status).toBe(422);
    const badKind = await admin.post('/api/v1/sessions', monthly({ kind: 'weekly' }));
    expect(badKind.status).toBe(400);
    expect((await admin.get('/api/v1/sessions?limit=1000')).body.sessions.length).toBe(before);
  });

  it('a draft books nothing until scheduled; scheduling it checks clashes', async () => {
    const booked = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(40), endsAt: inDays(40, 2), invitedPointCodes: ['lai-chau'] }),
    );
    const draft = await admin.post(
      '/api/v1/sessions',
      monthly({
        draft: true,
        startsAt: inDays(40, 1),
        endsAt: inDays(40, 3),
        invitedPointCodes: ['lai-chau'],
      }),
    );
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    const schedule = await admin.post(`/api/v1/sessions/${draft.body.id}/status`, {
      status: 'scheduled',
    });
    expect(schedule.status).toBe(409);
    expect(schedule.body.code).toBe('SESSION_CLASH');
    expect(schedule.body.detail).toContain(booked.body.id);
    const moved = await admin.patch(`/api/v1/sessions/${draft.body.id}`, {
      startsAt: inDays(41),
      endsAt: inDays(41, 2),
    });
    expect(moved.status).toBe(200);
    expect(
      (await admin.post(`/api/v1/sessions/${draft.body.id}/status`, { status: 'scheduled' })).body
        .status,
    ).toBe('scheduled');
  });

  it('edits re-check clashes, replace lists, and stop once live', async () => {
    const a = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(50), endsAt: inDays(50, 2), invitedPointCodes: ['yen-bai'] }),
    );
    const b = await admin.post(
      '/api/v1/sessions',
      monthly({
        startsAt: inDays(50),
        endsAt: inDays(50, 2),
        invitedPointCodes: ['tuyen-quang'],
        moderatorUsernames: ['dieu-hanh'],
      }),
    );
    const clash = await admin.patch(`/api/v1/sessions/${b.body.id}`, {
      invitedPointCodes: ['tuyen-quang', 'yen-bai'],
    });
    expect(clash.status).toBe(409);
    expect(clash.body.detail).toContain(a.body.id);
    const ok = await admin.patch(`/api/v1/sessions/${b.body.id}`, {
      title: 'Đổi tên',
      invitedPointCodes: ['tuyen-quang', 'phu-tho'],
      moderatorUsernames: ['dieu-hanh-2'],
      agenda: [{ title: 'Một mục' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.invitedPoints.map((p: { code: string }) => p.code)).toEqual([
      'phu-tho',
      'tuyen-quang',
    ]);
    expect(ok.body.moderators.map((m: { username: string }) => m.username)).toEqual([
      'dieu-hanh-2',
    ]);
    expect(ok.body.agenda).toHaveLength(1);
    for (const status of ['checkin', 'live']) {
      expect((await admin.post(`/api/v1/sessions/${b.body.id}/status`, { status })).status).toBe(
        200,
      );
    }
    const locked = await admin.patch(`/api/v1/sessions/${b.body.id}`, { title: 'Muộn rồi' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('SESSION_LOCKED');
  });
});

describe('who may do what', () => {
  it('an observer cannot create a session (403)', async () => {
    const res = await observer.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(60), endsAt: inDays(60, 1) }),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('the chair and the moderators run their own session through its lifecycle; others cannot', async () => {
    const s = await admin.post(
      '/api/v1/sessions',
      monthly({
        startsAt: inDays(70),
        endsAt: inDays(70, 2),
        invitedPointCodes: ['bac-kan'],
        chairUsername: 'chu-tri',
        moderatorUsernames: ['dieu-hanh'],
      }),
    );
    const url = `/api/v1/sessions/${s.body.id}/status`;
    expect((await otherModerator.post(url, { status: 'checkin' })).status).toBe(403);
    expect((await observer.post(url, { status: 'checkin' })).status).toBe(403);
    expect((await moderator.post(url, { status: 'cancelled', reason: 'x' })).status).toBe(403);
    const checkin = await moderator.post(url, { status: 'checkin' });
    expect(checkin.status).toBe(200);
    expect(checkin.body.checkinOpenedAt).not.toBeNull();
    const live = await chair.post(url, { status: 'live' });
    expect(live.body).toMatchObject({ status: 'live' });
    expect(live.body.startedAt).not.toBeNull();
    expect((await moderator.post(url, { status: 'ended' })).body.status).toBe('ended');
    expect((await moderator.post(url, { status: 'archived' })).status).toBe(403);
    expect((await admin.post(url, { status: 'archived' })).body.status).toBe('archived');
    expect((await admin.post(url, { status: 'cancelled', reason: 'x' })).status).toBe(409);
  });

  it('a point credential sees only the sessions its point is invited to', async () => {
    const invited = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(80), endsAt: inDays(80, 2), invitedPointCodes: ['ninh-binh'] }),
    );
    const other = await admin.post(
      '/api/v1/sessions',
      monthly({ startsAt: inDays(80), endsAt: inDays(80, 2), invitedPointCodes: ['nam-dinh'] }),
    );
    const ninhBinh = await admin.point('ninh-binh');
    expect((await ninhBinh.get(`/api/v1/sessions/${invited.body.id}`)).status).toBe(200);
    const hidden = await ninhBinh.get(`/api/v1/sessions/${other.body.id}`);
    expect(hidden.status).toBe(404);
    const list = await ninhBinh.get(`/api/v1/sessions?from=${inDays(79)}&to=${inDays(81)}`);
    expect(list.body.sessions.map((s: { id: string }) => s.id)).toEqual([invited.body.id]);
    // The 69-point session of the first describe includes ninh-binh as well.
    const all = await ninhBinh.get('/api/v1/sessions?status=scheduled,live');
    expect(all.body.sessions.map((s: { id: string }) => s.id)).toContain(invited.body.id);
    expect(all.body.sessions.map((s: { id: string }) => s.id)).not.toContain(other.body.id);
    expect(
      (await ninhBinh.post(`/api/v1/sessions/${invited.body.id}/status`, { status: 'checkin' }))
        .status,
    ).toBe(403);
  });
});

describe('concurrency', () => {
  it('of eight simultaneous overlapping bookings of one point exactly one succeeds', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        admin.post(
          '/api/v1/sessions',
          monthly({
            title: `Đua ${i}`,
            startsAt: inDays(90, i * 0.1),
            endsAt: inDays(90, 2),
            invitedPointCodes: ['quang-ninh'],
          }),
        ),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
