import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { TestClient } from './support/sockets.js';

/**
 * Booking rules: what points see of drafts, who may be booked twice, when an
 * ended session frees its slot, cancellations with a reason, the check-in
 * window (its default of 120 min), and the README's credential call.
 */
let t: TestApp;
let url: string;
let admin: Api;
let chair: Api;
const open: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2025', CHECKIN_WINDOW_MINUTES: '120' },
    listen: true,
  });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  chair = await admin.user('chu-tri', 'chair');
  await admin.user('chu-tri-2', 'chair');
  await admin.user('dieu-hanh', 'moderator');
  await admin.user('dieu-hanh-2', 'moderator');
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

/** Day `day` from now, from hour `from` to hour `to`. */
const at = (day: number, from: number, to: number) => ({
  startsAt: inDays(day, from),
  endsAt: inDays(day, to),
});
const session = (overrides: Record<string, unknown>) =>
  admin.post('/api/v1/sessions', { title: 'Giao ban', kind: 'monthly', ...overrides });

async function pointSocket(code: string, sessionId?: string) {
  const point = await admin.point(code);
  const client = await TestClient.connect(url, point.token as string, sessionId);
  open.push(client);
  return { point, client };
}

describe('a draft is not announced', () => {
  it('its invited point does not see it (list, read, join) until it is scheduled', async () => {
    const draft = await session({
      draft: true,
      ...at(10, 0, 2),
      invitedPointCodes: ['ha-noi'],
    });
    expect(draft.status).toBe(201);
    const id: string = draft.body.id;
    const { point, client } = await pointSocket('ha-noi');
    const ids = async () =>
      (await point.get('/api/v1/sessions')).body.sessions.map((s: { id: string }) => s.id);

    expect(await ids()).not.toContain(id);
    expect((await point.get(`/api/v1/sessions/${id}`)).status).toBe(404);
    expect(await client.emit('session:join', { sessionId: id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    const scheduled = await admin.post(`/api/v1/sessions/${id}/status`, { status: 'scheduled' });
    expect(scheduled.body.status).toBe('scheduled');
    expect(await ids()).toContain(id);
    expect((await point.get(`/api/v1/sessions/${id}`)).status).toBe(200);
    expect(await client.emit('session:join', { sessionId: id })).toMatchObject({ ok: true });
  });
});

describe('people clash like points', () => {
  it('the chair or a moderator of a booked session cannot run an overlapping one (create)', async () => {
    const a = await session({
      ...at(20, 0, 2),
      invitedPointCodes: ['hue'],
      chairUsername: 'chu-tri',
      moderatorUsernames: ['dieu-hanh'],
    });
    expect(a.status).toBe(201);
    const overlapping = at(20, 1, 3);

    const sameChair = await session({
      ...overlapping,
      invitedPointCodes: ['lai-chau'],
      chairUsername: 'chu-tri',
    });
    expect(sameChair.status).toBe(409);
    expect(sameChair.body.code).toBe('SESSION_CLASH');
    expect(sameChair.body.clashes).toEqual([
      expect.objectContaining({ sessionId: a.body.id, pointCodes: [], usernames: ['chu-tri'] }),
    ]);

    const sameModerator = await session({
      ...overlapping,
      invitedPointCodes: ['dien-bien'],
      chairUsername: 'chu-tri-2',
      moderatorUsernames: ['dieu-hanh-2', 'dieu-hanh'],
    });
    expect(sameModerator.status).toBe(409);
    expect(sameModerator.body.clashes).toEqual([
      expect.objectContaining({ sessionId: a.body.id, usernames: ['dieu-hanh'] }),
    ]);

    const listed = await admin.get(`/api/v1/sessions?from=${inDays(19)}&to=${inDays(21)}`);
    expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([a.body.id]);
    // Other people at the same time, or the same people right after, are fine.
    const others = await session({
      ...overlapping,
      invitedPointCodes: ['lai-chau'],
      chairUsername: 'chu-tri-2',
      moderatorUsernames: ['dieu-hanh-2'],
    });
    expect(others.status).toBe(201);
    const after = await session({
      ...at(20, 3, 4),
      invitedPointCodes: ['son-la'],
      chairUsername: 'chu-tri',
      moderatorUsernames: ['dieu-hanh'],
    });
    expect(after.status).toBe(201);
  });

  it('nor be put there by an edit of the chair, the moderators or the times', async () => {
    const x = await session({
      ...at(30, 0, 2),
      invitedPointCodes: ['lang-son'],
      chairUsername: 'chu-tri',
      moderatorUsernames: ['dieu-hanh'],
    });
    const y = await session({
      ...at(30, 0, 2),
      invitedPointCodes: ['quang-ninh'],
      chairUsername: 'chu-tri-2',
      moderatorUsernames: ['dieu-hanh-2'],
    });
    const z = await session({
      ...at(30, 3, 4),
      invitedPointCodes: ['thanh-hoa'],
      chairUsername: 'chu-tri',
    });
    expect([x.status, y.status, z.status]).toEqual([201, 201, 201]);

    const chairMoved = await admin.patch(`/api/v1/sessions/${y.body.id}`, {
      chairUsername: 'chu-tri',
    });
    expect(chairMoved.status).toBe(409);
    expect(chairMoved.body.code).toBe('SESSION_CLASH');
    expect(chairMoved.body.clashes).toEqual([
      expect.objectContaining({ sessionId: x.body.id, usernames: ['chu-tri'] }),
    ]);
    const moderatorAdded = await admin.patch(`/api/v1/sessions/${y.body.id}`, {
      moderatorUsernames: ['dieu-hanh-2', 'dieu-hanh'],
    });
    expect(moderatorAdded.status).toBe(409);
    expect(moderatorAdded.body.clashes[0].usernames).toEqual(['dieu-hanh']);
    const unchanged = (await admin.get(`/api/v1/sessions/${y.body.id}`)).body;
    expect(unchanged.chair.username).toBe('chu-tri-2');
    expect(unchanged.moderators.map((m: { username: string }) => m.username)).toEqual([
      'dieu-hanh-2',
    ]);

    const earlier = await admin.patch(`/api/v1/sessions/${z.body.id}`, {
      ...at(30, 1, 4),
    });
    expect(earlier.status).toBe(409);
    expect(earlier.body.clashes).toEqual([
      expect.objectContaining({ sessionId: x.body.id, usernames: ['chu-tri'] }),
    ]);
  });
});

describe('an ended session', () => {
  it('frees its points and people from its actual end, not its scheduled one', async () => {
    const a = await session({
      urgent: true,
      ...at(0, 1, 3),
      invitedPointCodes: ['nghe-an'],
      chairUsername: 'chu-tri',
      moderatorUsernames: ['dieu-hanh'],
    });
    expect(a.status).toBe(201);
    // A session cannot be created in the past: it is moved directly in the
    // database to have started an hour ago and to be scheduled until +2 h.
    await t.app.database.db
      .update(sessions)
      .set({ startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 7_200_000) })
      .where(eq(sessions.id, a.body.id));
    for (const status of ['checkin', 'live']) {
      expect((await admin.post(`/api/v1/sessions/${a.body.id}/status`, { status })).status).toBe(
        200,
      );
    }
    const b = () =>
      session({
        urgent: true,
        ...at(0, 0.25, 1),
        invitedPointCodes: ['nghe-an'],
        chairUsername: 'chu-tri',
        moderatorUsernames: ['dieu-hanh'],
      });
    const whileLive = await b();
    expect(whileLive.status).toBe(409);
    expect(whileLive.body.clashes).toEqual([
      expect.objectContaining({ sessionId: a.body.id, pointCodes: ['nghe-an'] }),
    ]);

    const ended = await admin.post(`/api/v1/sessions/${a.body.id}/status`, { status: 'ended' });
    expect(ended.body.status).toBe('ended');
    expect(Date.parse(ended.body.endedAt)).toBeLessThan(Date.parse(ended.body.endsAt));
    const afterEnd = await b();
    expect(afterEnd.status).toBe(201);
  });
});

describe('cancelling', () => {
  it('needs a reason, which is stored, audited and told to the session room', async () => {
    const s = await session({
      ...at(40, 0, 2),
      invitedPointCodes: ['ha-tinh'],
    });
    const id: string = s.body.id;
    const { client } = await pointSocket('ha-tinh', id);
    await client.firstSnapshot;
    const url = `/api/v1/sessions/${id}/status`;

    for (const body of [{ status: 'cancelled' }, { status: 'cancelled', reason: '   ' }]) {
      const refused = await admin.post(url, body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body/reason' })]);
    }
    const still = (await admin.get(`/api/v1/sessions/${id}`)).body;
    expect(still).toMatchObject({ status: 'scheduled', cancelledAt: null, cancelReason: null });

    const reason = 'Hoãn do bão số 3';
    const heard = client.next('session:status');
    const cancelled = await admin.post(url, { status: 'cancelled', reason });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: reason });
    expect((await admin.get(`/api/v1/sessions/${id}`)).body.cancelReason).toBe(reason);
    expect(await heard).toMatchObject({ sessionId: id, status: 'cancelled', reason });

    const audit = await admin.get(`/api/v1/audit?sessionId=${id}`);
    const entry = audit.body.entries.find(
      (e: { action: string; changes: { status?: { after: string } } }) =>
        e.action === 'session.status' && e.changes.status?.after === 'cancelled',
    );
    expect(entry?.changes.reason).toEqual({ before: null, after: reason });
  });
});

describe('the check-in window (CHECKIN_WINDOW_MINUTES = 120)', () => {
  it('opens check-in only within 120 min of the start, for the secretariat too', async () => {
    const far = await session({
      ...at(50, 0, 2),
      invitedPointCodes: ['cao-bang'],
      chairUsername: 'chu-tri',
    });
    const startsAt = Date.parse(far.body.startsAt);
    for (const who of [admin, chair]) {
      const early = await who.post(`/api/v1/sessions/${far.body.id}/status`, {
        status: 'checkin',
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('CHECKIN_TOO_EARLY');
      expect(Date.parse(early.body.opensAt)).toBe(startsAt - 120 * 60_000);
    }
    expect((await admin.get(`/api/v1/sessions/${far.body.id}`)).body.status).toBe('scheduled');

    const near = await session({
      urgent: true,
      ...at(0, 1.5, 3),
      invitedPointCodes: ['tuyen-quang'],
    });
    const open = await admin.post(`/api/v1/sessions/${near.body.id}/status`, {
      status: 'checkin',
    });
    expect(open.status).toBe(200);
    expect(open.body.status).toBe('checkin');
  });
});

describe("the README's credential call", () => {
  it('POST /points/ha-noi/credentials with no body and no content type issues one (201)', async () => {
    const res = await fetch(`${url}/api/v1/points/ha-noi/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string };
    expect(body.token).toMatch(/^gbp_/);
    const me = await new Api(url, body.token).get('/api/v1/auth/me');
    expect(me.body).toMatchObject({ kind: 'point' });
  });
});
