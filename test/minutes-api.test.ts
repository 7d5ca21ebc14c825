import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * Minutes and conclusions over the real server, PostgreSQL and socket.io:
 * saves with revisions, a stale save refused with the current text, who may
 * write and approve, approved versions that never change, corrections as new
 * versions, and the published text on every point's console, live and in a
 * late joiner's snapshot.
 */
let t: TestApp;
let url: string;
let admin: Api;
let secretary: Api;
let chair: Api;
let moderator: Api;
let otherModerator: Api;
let observer: Api;
let b: Briefing;
let other: Briefing;
let staffSocket: TestClient;
let hallSocket: TestClient;
const sockets: TestClient[] = [];

const minutesUrl = () => `/api/v1/sessions/${b.sessionId}/minutes`;
const draftUrl = () => `/api/v1/sessions/${b.sessionId}/conclusions/draft`;
const conclusionsUrl = () => `/api/v1/sessions/${b.sessionId}/conclusions`;
const approveUrl = () => `/api/v1/sessions/${b.sessionId}/conclusions/approve`;

beforeAll(async () => {
  t = await startTestApp({ listen: true, env: { SEED_POINTS: '2025' } });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  secretary = await admin.user('thuky', 'secretariat');
  chair = await admin.user('chutri', 'chair');
  moderator = await admin.user('dieuhanh', 'moderator');
  otherModerator = await admin.user('dieuhanh-khac', 'moderator');
  observer = await admin.user('quansat', 'observer');
  await admin.post('/api/v1/points', {
    code: 'hoi-truong',
    name: 'Hội trường Trung ương',
    kind: 'central-hall',
  });
  b = await liveBriefing(admin, url, ['ha-noi', 'hue', 'da-nang'], {
    day: 1,
    chair: 'chutri',
    moderators: ['dieuhanh'],
    absent: ['hoi-truong', 'can-tho'],
  });
  other = await liveBriefing(admin, url, ['hai-phong'], {
    day: 2,
    moderators: ['dieuhanh-khac'],
  });
  staffSocket = await TestClient.connect(url, moderator.token as string, b.sessionId);
  await staffSocket.firstSnapshot;
  hallSocket = await TestClient.connect(
    url,
    (await admin.post('/api/v1/points/hoi-truong/credentials')).body.token,
    b.sessionId,
  );
  await hallSocket.firstSnapshot;
  sockets.push(staffSocket, hallSocket);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const c of [...(b?.points.values() ?? []), ...(other?.points.values() ?? [])]) c.close();
  await t?.close();
});

describe('minutes are saved with revisions', () => {
  it('a save from the current revision stores the text and answers the next revision', async () => {
    const empty = await secretary.get(minutesUrl());
    expect(empty.body).toMatchObject({ text: '', revision: 0, savedBy: null, history: [] });

    const told = staffSocket.next('minutes:saved', (e) => e.revision === 1);
    const first = await secretary.put(minutesUrl(), { text: 'Khai mạc 8:00', revision: 0 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ text: 'Khai mạc 8:00', revision: 1, savedBy: 'thuky' });
    expect(await told).toMatchObject({
      sessionId: b.sessionId,
      document: 'minutes',
      revision: 1,
      by: 'thuky',
    });

    const second = await moderator.put(minutesUrl(), {
      text: 'Khai mạc 8:00\nHà Nội báo cáo',
      revision: 1,
    });
    expect(second.body).toMatchObject({ revision: 2, savedBy: 'dieuhanh' });
    const read = (await observer.get(minutesUrl())).body;
    expect(read.text).toBe('Khai mạc 8:00\nHà Nội báo cáo');
    expect(read.history.map((h: { revision: number; savedBy: string }) => h)).toMatchObject([
      { revision: 2, savedBy: 'dieuhanh' },
      { revision: 1, savedBy: 'thuky' },
    ]);

    // The same text again is no new revision.
    const again = await moderator.put(minutesUrl(), {
      text: 'Khai mạc 8:00\nHà Nội báo cáo',
      revision: 2,
    });
    expect(again.body.revision).toBe(2);
  });

  it('a save from an older revision is refused with the current text and who saved it', async () => {
    const stale = await secretary.put(minutesUrl(), { text: 'Khai mạc\nHuế', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('MINUTES_CONFLICT');
    expect(stale.body.current).toMatchObject({
      text: 'Khai mạc 8:00\nHà Nội báo cáo',
      revision: 2,
      savedBy: 'dieuhanh',
    });
    const read = (await secretary.get(minutesUrl())).body;
    expect([read.text, read.revision]).toEqual(['Khai mạc 8:00\nHà Nội báo cáo', 2]);
  });

  it('two saves at once from the same revision: exactly one wins', async () => {
    const results = await Promise.all([
      secretary.put(minutesUrl(), { text: 'A', revision: 2 }),
      moderator.put(minutesUrl(), { text: 'B', revision: 2 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const read = (await secretary.get(minutesUrl())).body;
    expect(read.revision).toBe(3);
    const winner = results.find((r) => r.status === 200);
    expect(read.text).toBe(winner?.body.text);
  });

  it('the points, the hall included, never receive minutes', async () => {
    const pointEvents = [...b.points.values(), hallSocket].flatMap((c) =>
      c.received.filter((r) => r.event === 'minutes:saved'),
    );
    expect(pointEvents).toEqual([]);
    expect(staffSocket.received.some((r) => r.event === 'minutes:saved')).toBe(true);
  });
});

describe('the history of saves is bounded', () => {
  it('keeps the last 200 saves of a text and shows the latest 20', async () => {
    const url = `/api/v1/sessions/${other.sessionId}/minutes`;
    for (let revision = 0; revision < 205; revision++) {
      const res = await secretary.put(url, { text: `dòng ${revision}`, revision });
      expect(res.status).toBe(200);
    }
    const read = (await secretary.get(url)).body;
    expect(read.revision).toBe(205);
    expect(read.history).toHaveLength(20);
    expect(read.history[0]).toMatchObject({ revision: 205, savedBy: 'thuky', chars: 8 });
    const { db } = t.app.database;
    const { rows } = (await db.execute(
      sql`select min(revision) as low, count(*)::int as n from session_text_saves where session_id = ${other.sessionId}`,
    )) as unknown as { rows: Array<{ low: number; n: number }> };
    expect(rows[0]).toMatchObject({ low: 6, n: 200 });
  }, 60_000);
});

describe('who may write', () => {
  it('a point cannot read or write minutes nor write conclusions', async () => {
    const point = await admin.point('ha-noi');
    expect((await point.get(minutesUrl())).status).toBe(403);
    expect((await point.put(minutesUrl(), { text: 'x', revision: 3 })).status).toBe(403);
    expect((await point.put(draftUrl(), { text: 'x', revision: 0 })).status).toBe(403);
    expect((await point.post(approveUrl(), { revision: 1 })).status).toBe(403);
  });

  it('an observer reads only; a moderator of another session cannot write', async () => {
    expect((await observer.get(minutesUrl())).status).toBe(200);
    expect((await observer.get(conclusionsUrl())).status).toBe(200);
    const refused = await observer.put(minutesUrl(), { text: 'x', revision: 3 });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await observer.put(draftUrl(), { text: 'x', revision: 0 })).status).toBe(403);
    expect((await otherModerator.put(minutesUrl(), { text: 'x', revision: 3 })).status).toBe(403);
    expect((await secretary.get(minutesUrl())).body.revision).toBe(3);
  });

  it('bad input is 400 and changes nothing', async () => {
    for (const body of [
      { text: 'x' },
      { text: 'x', revision: -1 },
      { text: { a: 1 }, revision: 3 },
      { text: 'x'.repeat(200_001), revision: 3 },
      { text: 'x', revision: 3, extra: true },
    ]) {
      const res = await secretary.put(minutesUrl(), body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await secretary.get(minutesUrl())).body.revision).toBe(3);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await secretary.put(`/api/v1/sessions/${unknown}/minutes`, { text: 'x', revision: 0 }))
        .status,
    ).toBe(404);
  });
});

describe('conclusions: approved by the chair, published, immutable', () => {
  it('only the chair of the session approves; the moderator and the secretariat cannot', async () => {
    const draft = await secretary.put(draftUrl(), {
      text: 'Kết luận 1: Các tỉnh hoàn thành báo cáo trước 15/12.',
      revision: 0,
    });
    expect(draft.body).toMatchObject({ document: 'conclusions', revision: 1 });
    for (const who of [moderator, secretary, observer]) {
      const res = await who.post(approveUrl(), { revision: 1 });
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    // The chair of another session is not this session's chair.
    const otherApprove = await chair.post(
      `/api/v1/sessions/${other.sessionId}/conclusions/approve`,
      { revision: 1 },
    );
    expect(otherApprove.status).toBe(403);
    expect((await secretary.get(conclusionsUrl())).body.versions).toEqual([]);
  });

  it('approval publishes version 1 to every connected console and the event bus', async () => {
    const domain: unknown[] = [];
    t.app.events.on('conclusions.published', (e) => {
      domain.push(e);
    });
    const consoles = [...b.points.values(), hallSocket, staffSocket];
    const arrivals = consoles.map((c) => c.next('conclusions:published'));
    const otherArrival = [...other.points.values()][0]?.next(
      'conclusions:published',
      () => true,
      1500,
    );

    const stale = await chair.post(approveUrl(), { revision: 7 });
    expect([stale.status, stale.body.code]).toEqual([409, 'MINUTES_CONFLICT']);

    const approved = await chair.post(approveUrl(), { revision: 1 });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({
      sessionId: b.sessionId,
      version: 1,
      text: 'Kết luận 1: Các tỉnh hoàn thành báo cáo trước 15/12.',
      approvedBy: 'chutri',
    });
    for (const event of await Promise.all(arrivals)) expect(event).toEqual(approved.body);
    await expect(otherArrival).rejects.toThrow(/no conclusions:published/);
    expect(domain).toEqual([
      { sessionId: b.sessionId, version: 1, at: new Date(approved.body.approvedAt) },
    ]);

    const { entries } = (
      await admin.get(`/api/v1/audit?entityType=conclusions&entityId=${b.sessionId}:1`)
    ).body;
    expect(entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'conclusions.approve',
      'conclusions.publish',
    ]);
  });

  it('an approved version cannot be changed, even in SQL', async () => {
    const { db } = t.app.database;
    await expect(
      db.execute(
        sql`update conclusion_versions set text = 'sửa lén' where session_id = ${b.sessionId}`,
      ),
    ).rejects.toThrow();
    const again = await chair.post(approveUrl(), { revision: 1 });
    expect([again.status, again.body.code]).toEqual([409, 'CONCLUSIONS_UNCHANGED']);
  });

  it('a correction after approval is a new draft, and its approval version 2 with who and when', async () => {
    const corrected = await chair.put(draftUrl(), {
      text: 'Kết luận 1: Các tỉnh hoàn thành báo cáo trước 20/12.',
      revision: 1,
    });
    expect(corrected.body.revision).toBe(2);
    let read = (await secretary.get(conclusionsUrl())).body;
    expect(read.published.version).toBe(1);
    expect(read.published.text).toContain('15/12');
    expect(read.draft).toMatchObject({ revision: 2, savedBy: 'chutri' });

    const arrival = b.points.get('hue')?.next('conclusions:published');
    const v2 = await chair.post(approveUrl(), { revision: 2 });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, approvedBy: 'chutri' });
    expect((await arrival)?.text).toContain('20/12');

    read = (await observer.get(conclusionsUrl())).body;
    expect(read.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const [second, first] = read.versions;
    expect(first.text).toBe('Kết luận 1: Các tỉnh hoàn thành báo cáo trước 15/12.');
    expect(Date.parse(second.approvedAt)).toBeGreaterThanOrEqual(Date.parse(first.approvedAt));
    expect(read.published).toEqual(second);
  });

  it('a point reads the published text only; another session’s point gets 404', async () => {
    const point = await admin.point('hue');
    const res = await point.get(conclusionsUrl());
    expect(res.status).toBe(200);
    expect(res.body.published.version).toBe(2);
    expect(res.body.versions).toBeUndefined();
    expect(res.body.draft).toBeUndefined();
    const outsider = await admin.point('hai-phong');
    expect((await outsider.get(conclusionsUrl())).status).toBe(404);
    expect((await outsider.get(`/api/v1/sessions/${other.sessionId}/conclusions`)).body).toEqual({
      sessionId: other.sessionId,
      published: null,
    });
  });

  it('a console joining later finds the published conclusions in its snapshot', async () => {
    const { token } = (await admin.post('/api/v1/points/can-tho/credentials')).body;
    const late = await TestClient.connect(url, token, b.sessionId);
    sockets.push(late);
    const snapshot = await late.firstSnapshot;
    expect(snapshot.conclusions).toMatchObject({ version: 2, approvedBy: 'chutri' });
    expect(snapshot.conclusions.text).toContain('20/12');
    const { token: outsiderToken } = (await admin.post('/api/v1/points/hai-phong/credentials'))
      .body;
    const outsider = await TestClient.connect(url, outsiderToken, other.sessionId);
    sockets.push(outsider);
    expect((await outsider.firstSnapshot).conclusions).toBeNull();
    await waitUntil(() => late.socket.connected);
  });
});
