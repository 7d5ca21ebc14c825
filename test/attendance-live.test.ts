import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionIntervals, points as pointsTable, sessions } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { TestClient, waitUntil } from './support/sockets.js';

let t: TestApp;
let admin: Api;
let sessionId: string;
let codes: string[];
const points = new Map<string, TestClient>();
const tokens = new Map<string, string>();
let staff: TestClient;

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2019', PRESENCE_FLUSH_SECONDS: '1' },
    listen: true,
  });
  admin = await new Api(t.app).loginAdmin();
  codes = (await admin.get('/api/v1/points?limit=100')).body.points.map(
    (p: { code: string }) => p.code,
  );
  for (const code of codes) {
    tokens.set(code, (await admin.post(`/api/v1/points/${code}/credentials`)).body.token);
  }
  const created = await admin.post('/api/v1/sessions', {
    title: 'Giao ban trực tuyến tháng 12',
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(0, 2),
    endsAt: inDays(0, 5),
  });
  sessionId = created.body.id;
  await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });
}, 60_000);

afterAll(async () => {
  for (const c of points.values()) c.close();
  staff?.close();
  await t?.close();
});

const delegatesOf = (code: string) => [
  { name: `Nguyễn Văn ${code.toUpperCase()}`, title: 'Trưởng Ban Tổ chức' },
  { name: 'Trần Thị Bình', title: 'Phó Trưởng Ban' },
];

describe('a 69-point briefing over socket.io', () => {
  it('every point connects with its credential and is put into the session with its own snapshot', async () => {
    const url = baseUrl(t.app);
    await Promise.all(
      codes.map(async (code) => {
        const client = await TestClient.connect(url, tokens.get(code) as string, sessionId);
        const snapshot = await client.firstSnapshot;
        expect(snapshot.session.id).toBe(sessionId);
        // A point sees its own row; the central hall, where the chair's wall names every point, all.
        const rows = snapshot.attendance.points.map((p: { code: string }) => p.code);
        if (code === 'trung-uong') expect(rows).toHaveLength(69);
        else expect(rows).toEqual([code]);
        expect(snapshot.attendance.summary.invited).toBe(69);
        points.set(code, client);
      }),
    );
    staff = await TestClient.connect(url, admin.token as string);
    const joined = await staff.emit('session:join', { sessionId });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(joined.data.attendance.points).toHaveLength(69);
    await waitUntil(
      async () =>
        (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body.summary.connected === 69,
    );
  });

  it('59 check in on time, then 10 after the start plus grace are late', async () => {
    // The central hall is present from its first connection (records.test.ts): not among the late.
    const late = codes.filter((c) => c !== 'trung-uong').slice(-10);
    const onTime = codes.filter((c) => !late.includes(c));
    const acks = await Promise.all(
      onTime.map((code) =>
        points.get(code)?.emit('attendance:check-in', { sessionId, delegates: delegatesOf(code) }),
      ),
    );
    expect(
      acks.every((a) => a?.ok && a.data.status === 'present' && a.data.delegatesCount === 2),
    ).toBe(true);

    // The clock moves on: the session started ten minutes ago (grace: 5 min).
    await t.app.database.db
      .update(sessions)
      .set({ startsAt: sql`now() - interval '10 minutes'` })
      .where(eq(sessions.id, sessionId));
    // Changed behind the API's back: tell the live side, as the API would.
    t.app.events.publish('session.updated', { sessionId });
    const lateAcks = await Promise.all(
      late.map((code) =>
        points.get(code)?.emit('attendance:check-in', { sessionId, delegates: delegatesOf(code) }),
      ),
    );
    expect(lateAcks.map((a) => a?.ok && a.data.status)).toEqual(late.map(() => 'late'));
  });

  it('a repeated check-in updates the delegate list and keeps the first check-in', async () => {
    const code = codes[0] as string;
    const before = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body.points.find(
      (p: { code: string }) => p.code === code,
    );
    const again = await points.get(code)?.emit('attendance:check-in', {
      sessionId,
      delegates: [...delegatesOf(code), { name: 'Lê Văn Cường' }],
    });
    expect(again?.ok && again.data).toMatchObject({
      status: 'present',
      delegatesCount: 3,
      checkedInAt: before.checkedInAt,
    });
  });

  it('ten points drop and reconnect by themselves, back in the room with a snapshot', async () => {
    const dropped = codes.slice(5, 15);
    await Promise.all(
      dropped.map(async (code) => {
        const client = points.get(code) as TestClient;
        const back = client.next('session:snapshot');
        client.drop();
        const snapshot = await back;
        expect(snapshot.attendance.points[0]).toMatchObject({
          code,
          checkedIn: true,
          connected: true,
        });
      }),
    );
    await waitUntil(async () => {
      const board = (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body;
      return (
        board.summary.connected === 69 &&
        board.points.filter((p: { disconnects: number }) => p.disconnects === 1).length === 10
      );
    });
  });

  it('a second device of a point shares its interval: time is never counted twice', async () => {
    const code = codes[20] as string;
    const second = await TestClient.connect(baseUrl(t.app), tokens.get(code) as string, sessionId);
    await second.firstSnapshot;
    await new Promise((r) => setTimeout(r, 1500));
    second.close();
    await new Promise((r) => setTimeout(r, 300));
    const open = await t.app.database.db
      .select()
      .from(connectionIntervals)
      .where(
        sql`${connectionIntervals.sessionId} = ${sessionId} and ${connectionIntervals.closedAt} is null`,
      );
    expect(open).toHaveLength(69);
  });

  it('the attendance record: 69 present, the right 10 late, intervals merged, disconnects counted', async () => {
    const record = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
    expect(record.summary).toEqual({
      invited: 69,
      present: 69,
      late: 10,
      absent: 0,
      excused: 0,
      connected: 69,
    });
    const late = record.points
      .filter((p: { status: string }) => p.status === 'late')
      .map((p: { code: string }) => p.code);
    expect(late.sort()).toEqual(
      codes
        .filter((c) => c !== 'trung-uong')
        .slice(-10)
        .sort(),
    );
    const byCode = new Map(record.points.map((p: { code: string }) => [p.code, p]));
    for (const code of codes) {
      const row = byCode.get(code) as {
        disconnects: number;
        connectedSeconds: number;
        delegatesCount: number;
      };
      expect(row.disconnects).toBe(codes.slice(5, 15).includes(code) ? 1 : 0);
      expect(row.delegatesCount).toBe(code === codes[0] ? 3 : 2);
    }
    // Every point has been connected since the start of the test; nobody more than that.
    const elapsed = (Date.now() - Date.parse(record.points[0].onDutyAt)) / 1000;
    const seconds = record.points.map((p: { connectedSeconds: number }) => p.connectedSeconds);
    expect(Math.max(...seconds)).toBeLessThanOrEqual(Math.ceil(elapsed) + 1);

    // Reconnects: each dropped point has two intervals, the first closed; the
    // point that used two devices at once has one; nobody has two open.
    const rows = await t.app.database.db
      .select({ code: pointsTable.code, closedAt: connectionIntervals.closedAt })
      .from(connectionIntervals)
      .innerJoin(pointsTable, eq(pointsTable.id, connectionIntervals.pointId))
      .where(eq(connectionIntervals.sessionId, sessionId));
    const perPoint = new Map<string, number>();
    for (const r of rows) perPoint.set(r.code, (perPoint.get(r.code) ?? 0) + 1);
    const twice = [...perPoint].filter(([, n]) => n === 2).map(([code]) => code);
    expect(twice.sort()).toEqual(codes.slice(5, 15).sort());
    expect(perPoint.get(codes[20] as string)).toBe(1);
    expect(rows.filter((r) => r.closedAt === null)).toHaveLength(69);
  });

  it('the people watching got the changes as batched attendance:updated events', () => {
    const updates = staff.received.filter((r) => r.event === 'attendance:updated');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(69); // coalesced, not one per check-in
    const last = updates.at(-1)?.payload;
    expect(last.summary.present).toBe(69);
    const seen = new Set(
      updates.flatMap((u) => u.payload.points.map((p: { code: string }) => p.code)),
    );
    expect(seen.size).toBe(69);
    // Points do not receive the board.
    expect(
      points.get(codes[0] as string)?.received.some((r) => r.event === 'attendance:updated'),
    ).toBe(false);
  });

  it('the CSV has a BOM, a header and one row per invited point with its status', async () => {
    // labels=en: the machine form scripts read (the default is Vietnamese, for people).
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${sessionId}/attendance?labels=en`,
      headers: { authorization: `Bearer ${admin.token}`, accept: 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(70);
    expect(lines[0]).toBe(
      'code,name,kind,status,checked_in_at,delegates_count,delegates,roster_on_time,on_duty_at,on_duty_on_time,connected_seconds,disconnects,test_passed,absent_reason',
    );
    const statuses = lines.slice(1).map((l) => l.split(',')[3]);
    expect(statuses.filter((s) => s === 'late')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'present')).toHaveLength(59);
    expect(res.body).toContain('Tỉnh ủy Thừa Thiên Huế');
    expect(res.body).toMatch(
      /Nguyễn Văn HA-NOI \(Trưởng Ban Tổ chức\); Trần Thị Bình \(Phó Trưởng Ban\)/,
    );
  });

  it('the board over HTTP: one page at a time, filtered, and 304 while unchanged', async () => {
    const url = `/api/v1/sessions/${sessionId}/readiness`;
    const first = await admin.get(url);
    const tag = String(first.headers.etag);
    expect(tag).toMatch(/^W\/"/);
    // Unchanged: 304 with no body (the board was computed once for both).
    const again = await admin.request('GET', url, undefined, { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    // Filters and pages, with the count of matching rows.
    const late = (await admin.get(`${url}?status=late&limit=4&offset=2`)).body;
    expect(late.total).toBe(10);
    expect(late.points).toHaveLength(4);
    expect(late.points.every((p: { status: string }) => p.status === 'late')).toBe(true);
    const byName = (await admin.get(`${url}?q=${encodeURIComponent('huế')}`)).body;
    expect(byName.points.map((p: { code: string }) => p.code)).toContain('thua-thien-hue');
    expect((await admin.get(`${url}?status=bogus`)).status).toBe(400);
    // A change (a repeated check-in) moves the tag at once.
    const client = points.get(codes[5] as string) as TestClient;
    const ack = await client.emit('attendance:check-in', {
      sessionId,
      delegates: [{ name: 'Đại biểu mới' }],
    });
    expect(ack.ok).toBe(true);
    const changed = await admin.request('GET', url, undefined, { 'if-none-match': tag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    const row = changed.body.points.find((p: { code: string }) => p.code === codes[5]);
    expect(row.delegates).toEqual([{ name: 'Đại biểu mới' }]);
  });

  it('a status change reaches everyone in the room', async () => {
    const heard = Promise.all(
      [points.get(codes[1] as string), staff].map((c) => c?.next('session:status')),
    );
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'live' });
    const events = await heard;
    expect(events.map((e) => e.status)).toEqual(['live', 'live']);
  });
});
