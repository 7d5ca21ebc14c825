import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import { sessions, speakerEntries } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp, testConfig } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * The record of a briefing tells what happened: leaving after the end is no
 * disconnect, the central hall is present, requests never heard say so, a
 * speech in progress at the end ends with it, and the speaker history comes
 * as CSV like the attendance record.
 */
const HALL = 'trung-uong';
let t: TestApp;
let admin: Api;
let url: string;
const open: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
}, 60_000);
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

const record = async (sessionId: string) =>
  (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
const rowOf = (r: { points: Array<{ code: string }> }, code: string) =>
  r.points.find((p) => p.code === code) as Record<string, any>;

async function staffIn(sessionId: string): Promise<TestClient> {
  const staff = await TestClient.connect(url, admin.token as string);
  open.push(staff);
  expect((await staff.emit('session:join', { sessionId })).ok).toBe(true);
  return staff;
}

describe('attendance at the end of a session', () => {
  it('points leaving after the end are not disconnects, and their time stops at the end', async () => {
    const codes = ['ha-noi', 'hue', 'ca-mau'];
    const b = await liveBriefing(admin, url, codes, { day: 1 });
    const hue = b.points.get('hue') as TestClient;
    // One real drop while the session runs: that one counts.
    const back = hue.next('session:snapshot');
    hue.drop();
    await back;
    const ended = await admin.post(`/api/v1/sessions/${b.sessionId}/status`, { status: 'ended' });
    expect(ended.status).toBe(200);
    await sleep(300);
    for (const c of b.points.values()) c.drop(); // the lines go down after the end
    await sleep(1200);
    for (const c of b.points.values()) c.close();
    await sleep(300);
    const r = await record(b.sessionId);
    expect(codes.map((c) => rowOf(r, c).disconnects)).toEqual([0, 1, 0]);
    expect(codes.every((c) => rowOf(r, c).connected === false)).toBe(true);
    // Time counted up to the end, not beyond it.
    const endedAt = Date.parse(ended.body.endedAt);
    for (const c of codes) {
      expect(Date.parse(rowOf(r, c).lastSeenAt)).toBeLessThanOrEqual(endedAt + 1000);
    }
    const later = await record(b.sessionId);
    expect(codes.map((c) => rowOf(later, c).connectedSeconds)).toEqual(
      codes.map((c) => rowOf(r, c).connectedSeconds),
    );
  });

  it('the central hall is present from its first connection, also when check-in opens after it connected', async () => {
    const created = await admin.post('/api/v1/sessions', {
      title: 'Hội trường',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(2),
      endsAt: inDays(2, 2),
      invitedPointCodes: [HALL, 'son-la'],
    });
    const sessionId = created.body.id;
    const { token } = (await admin.post(`/api/v1/points/${HALL}/credentials`)).body;
    const hall = await TestClient.connect(url, token, sessionId);
    open.push(hall);
    await hall.firstSnapshot;
    expect(rowOf(await record(sessionId), HALL).status).toBe('absent'); // scheduled: no check-in yet
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });
    await waitUntil(async () => rowOf(await record(sessionId), HALL).status === 'present');
    const r = await record(sessionId);
    expect(r.summary).toMatchObject({ invited: 2, present: 1, absent: 1 });
    // A hall that connects once check-in is open is present at once.
    hall.close();
    const again = await TestClient.connect(url, token, sessionId);
    open.push(again);
    const snap = await again.firstSnapshot;
    // The hall sees the whole board (its wall names every point); its own row says present.
    const own = snap.attendance.points.find((p: { code: string }) => p.code === HALL);
    expect(own).toMatchObject({ code: HALL, status: 'present' });
  });
});

describe('the speaker register at the end of a session', () => {
  it('the speech in progress ends with the session; queued requests lapse and are listed as unheard', async () => {
    const codes = ['lai-chau', 'dien-bien', 'lao-cai'];
    const b = await liveBriefing(admin, url, codes, { day: 3 });
    const staff = await staffIn(b.sessionId);
    const entries: string[] = [];
    for (const code of codes) {
      const ack = await (b.points.get(code) as TestClient).emit('speaker:request', {
        sessionId: b.sessionId,
        topic: `Ý kiến ${code}`,
      });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      entries.push(ack.data.entryId);
    }
    expect(
      (await staff.emit('speaker:grant', { sessionId: b.sessionId, entryId: entries[0] })).ok,
    ).toBe(true);
    const floorEnded = staff.next('floor:ended');
    const emptied = staff.next('speaker:queue', (q: { queue: unknown[]; current: unknown }) => {
      return q.queue.length === 0 && q.current === null;
    });
    await admin.post(`/api/v1/sessions/${b.sessionId}/status`, { status: 'ended' });
    expect(await floorEnded).toMatchObject({ entryId: entries[0], endReason: 'session' });
    await emptied;
    const register = (await admin.get(`/api/v1/sessions/${b.sessionId}/speakers`)).body;
    expect(register.current).toBeNull();
    expect(register.queue).toEqual([]);
    expect(register.history).toEqual([
      expect.objectContaining({ entryId: entries[0], endReason: 'session' }),
    ]);
    expect(register.unheard.map((u: { entryId: string }) => u.entryId)).toEqual(entries.slice(1));
    const rows = await t.app.database.db
      .select({ status: speakerEntries.status })
      .from(speakerEntries)
      .where(eq(speakerEntries.sessionId, b.sessionId));
    expect(rows.map((r) => r.status).sort()).toEqual(['lapsed', 'lapsed', 'spoken']);

    // The history as CSV, for the record.
    for (const csv of [
      await admin.request('GET', `/api/v1/sessions/${b.sessionId}/speakers?labels=en`, undefined, {
        accept: 'text/csv',
      }),
      await admin.get(`/api/v1/sessions/${b.sessionId}/speakers?format=csv&labels=en`),
    ]) {
      expect(csv.status).toBe(200);
      expect(String(csv.headers['content-type'])).toContain('text/csv');
      const lines = (csv.body as string)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'code,name,status,topic,agenda_position,granted_at,ended_at,seconds,granted_seconds,end_reason',
      );
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 1)[0])).toEqual(codes);
      expect(lines[1]).toContain(',spoken,');
      expect(lines[1]).toMatch(/,session$/);
      expect(lines[2]).toContain(',lapsed,');
    }
  });

  it('a request or grant holding a stale view of the session (it ended meanwhile) is refused under the lock', async () => {
    const b = await liveBriefing(admin, url, ['thai-nguyen', 'tuyen-quang'], { day: 5 });
    const db = t.app.database.db;
    const [live] = await db.select().from(sessions).where(eq(sessions.id, b.sessionId));
    const queued = await (b.points.get('thai-nguyen') as TestClient).emit('speaker:request', {
      sessionId: b.sessionId,
    });
    if (!queued.ok) throw new Error(JSON.stringify(queued));
    await admin.post(`/api/v1/sessions/${b.sessionId}/status`, { status: 'ended' });
    const { register } = t.app.speakers;
    const point = (await admin.get('/api/v1/points/tuyen-quang')).body;
    // `live` is the row a handler read before the end (the session cache).
    await expect(register.request(live as never, point.id, {})).rejects.toMatchObject({
      code: 'SESSION_NOT_LIVE',
    });
    await expect(
      register.grant(
        live as never,
        { kind: 'system', id: null, name: 'test' },
        queued.data.entryId,
        60,
      ),
    ).rejects.toMatchObject({ code: 'SESSION_NOT_LIVE' });
  });

  it('a session that ended while the server was down has its register settled at the next start', async () => {
    const b = await liveBriefing(admin, url, ['bac-ninh', 'hung-yen'], { day: 4 });
    for (const c of b.points.values()) {
      expect((await c.emit('speaker:request', { sessionId: b.sessionId })).ok).toBe(true);
      c.close();
    }
    const db = t.app.database.db;
    // The status moved behind the server's back, as if it changed while it was down.
    await db
      .update(sessions)
      .set({ status: 'ended', endedAt: new Date() })
      .where(eq(sessions.id, b.sessionId));
    const second = await buildServer({ config: testConfig(t.database.url) });
    try {
      const rows = await second.database.db
        .select({ status: speakerEntries.status })
        .from(speakerEntries)
        .where(eq(speakerEntries.sessionId, b.sessionId));
      expect(rows.map((r) => r.status)).toEqual(['lapsed', 'lapsed']);
    } finally {
      await second.close();
    }
  });
});
