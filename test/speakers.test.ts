import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakerEntries } from '../src/db/schema.js';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { TestClient } from './support/sockets.js';

let t: TestApp;
let admin: Api;
let url: string;
let codes: string[];
let chair: TestClient;
let moderator: TestClient;
let outsider: TestClient; // a moderator who does not moderate these sessions
const open: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2019' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
  codes = (await admin.get('/api/v1/points?limit=100')).body.points.map(
    (p: { code: string }) => p.code,
  );
  const connect = async (username: string, role: string) => {
    const api = await admin.user(username, role);
    const client = await TestClient.connect(url, api.token as string);
    open.push(client);
    return client;
  };
  chair = await connect('chu-toa', 'chair');
  moderator = await connect('dieu-phoi', 'moderator');
  outsider = await connect('dieu-phoi-khac', 'moderator');
}, 60_000);
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

const state = async (sessionId: string) =>
  (await admin.get(`/api/v1/sessions/${sessionId}/speakers`)).body;

describe('a 69-point briefing asks for the floor', () => {
  let b: Briefing;
  beforeAll(async () => {
    b = await liveBriefing(admin, url, codes, {
      day: 1,
      chair: 'chu-toa',
      moderators: ['dieu-phoi'],
    });
    for (const c of b.points.values()) open.push(c);
  }, 60_000);

  it('69 simultaneous requests get positions 1..69, one each', async () => {
    const acks = await Promise.all(
      codes.map((code) =>
        b.points
          .get(code)
          ?.emit('speaker:request', { sessionId: b.sessionId, topic: `Ý kiến của ${code}` }),
      ),
    );
    expect(acks.every((a) => a?.ok)).toBe(true);
    const positions = acks.map((a) => (a?.ok ? a.data.position : -1)).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 69 }, (_, i) => i + 1));
    const { queue } = await state(b.sessionId);
    expect(queue.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 69 }, (_, i) => i + 1),
    );
    expect(new Set(queue.map((e: { code: string }) => e.code)).size).toBe(69);
  });

  it('a repeat request returns the existing entry; nothing is added', async () => {
    const client = b.points.get(codes[3] as string) as TestClient;
    const first = (await state(b.sessionId)).queue.find(
      (e: { code: string }) => e.code === codes[3],
    );
    const again = await client.emit('speaker:request', { sessionId: b.sessionId });
    expect(again).toEqual({
      ok: true,
      data: { entryId: first.entryId, position: first.position, status: 'queued' },
    });
    expect((await state(b.sessionId)).queue).toHaveLength(69);
  });

  it('everyone in the room hears queue changes, a point its own place; the snapshot carries the queue', async () => {
    const listener = b.points.get(codes[10] as string) as TestClient;
    const heard = listener.next<any>('speaker:queue', (e) => e.length === 68);
    expect((await moderator.emit('session:join', { sessionId: b.sessionId })).ok).toBe(true);
    const staffHeard = moderator.next<any>('speaker:queue', (e) => e.queue.length === 68);
    const leaving = b.points.get(codes[0] as string) as TestClient;
    const entryId = (await state(b.sessionId)).queue.find(
      (e: { code: string }) => e.code === codes[0],
    ).entryId;
    expect((await leaving.emit('speaker:withdraw', { sessionId: b.sessionId, entryId })).ok).toBe(
      true,
    );
    const event = await staffHeard;
    expect(event.queue.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 68 }, (_, i) => i + 1),
    );
    // A point is told the head, its own place and the length — not the whole list.
    const own = await heard;
    expect(own.queue.map((e: { code: string }) => e.code)).toEqual([
      ...event.queue.slice(0, 3).map((e: { code: string }) => e.code),
      codes[10],
    ]);
    expect(own.queue.at(-1).position).toBe(
      event.queue.find((e: { code: string }) => e.code === codes[10]).position,
    );
    const snap = await moderator.emit('session:join', { sessionId: b.sessionId });
    expect(snap.ok && snap.data.queue).toHaveLength(68);
  });

  it('moderators move, invite and reject; positions stay 1..n', async () => {
    const before = (await state(b.sessionId)).queue;
    const last = before.at(-1);
    const moved = await moderator.emit('speaker:move', {
      sessionId: b.sessionId,
      entryId: last.entryId,
      position: 1,
    });
    expect(moved.ok && moved.data.queue[0].entryId).toBe(last.entryId);
    expect(moved.ok && moved.data.queue.map((e: { position: number }) => e.position)).toEqual(
      before.map((e: { position: number }) => e.position),
    );
    const beyond = await moderator.emit('speaker:move', {
      sessionId: b.sessionId,
      entryId: last.entryId,
      position: 999,
    });
    expect(beyond.ok && beyond.data.queue.at(-1).entryId).toBe(last.entryId);

    const invited = await chair.emit('speaker:invite', {
      sessionId: b.sessionId,
      pointCode: codes[0],
      position: 2,
      topic: 'Mời phát biểu',
    });
    expect(invited).toMatchObject({ ok: true, data: { position: 2, status: 'queued' } });
    const twice = await chair.emit('speaker:invite', {
      sessionId: b.sessionId,
      pointCode: codes[0],
    });
    expect(twice).toMatchObject({ ok: false, error: { code: 'ALREADY_QUEUED' } });

    const target = (await state(b.sessionId)).queue[5];
    expect(
      (
        await moderator.emit('speaker:reject', {
          sessionId: b.sessionId,
          entryId: target.entryId,
          reason: 'Trùng nội dung',
        })
      ).ok,
    ).toBe(true);
    const after = (await state(b.sessionId)).queue;
    expect(after).toHaveLength(68);
    expect(after.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 68 }, (_, i) => i + 1),
    );
    expect(after.find((e: { entryId: string }) => e.entryId === target.entryId)).toBeUndefined();
  });

  it('the floor: granted to one point, heard by all, ended by the speaker, the chair or a moderator', async () => {
    const granted: unknown[] = [];
    t.app.events.on('floor.granted', (e) => granted.push(e));
    const [first, second, third] = (await state(b.sessionId)).queue;
    const everyone = [...b.points.values()].map((c) => c.next('floor:granted'));
    const grant = await moderator.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: first.entryId,
      seconds: 120,
    });
    expect(grant).toMatchObject({
      ok: true,
      data: { entryId: first.entryId, code: first.code, seconds: 120 },
    });
    const heard = await Promise.all(everyone);
    expect(heard.every((e) => e.entryId === first.entryId)).toBe(true);
    expect(granted).toEqual([
      expect.objectContaining({ sessionId: b.sessionId, entryId: first.entryId, code: first.code }),
    ]);
    expect((await state(b.sessionId)).current).toMatchObject({
      entryId: first.entryId,
      seconds: 120,
    });

    const busy = await chair.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: second.entryId,
    });
    expect(busy).toMatchObject({ ok: false, error: { code: 'FLOOR_BUSY' } });
    const notTheirs = await b.points
      .get(second.code)
      ?.emit('speaker:end', { sessionId: b.sessionId });
    expect(notTheirs).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bySpeaker = await b.points
      .get(first.code)
      ?.emit('speaker:end', { sessionId: b.sessionId });
    expect(bySpeaker).toMatchObject({
      ok: true,
      data: { entryId: first.entryId, endReason: 'speaker' },
    });

    await moderator.emit('speaker:grant', { sessionId: b.sessionId, entryId: second.entryId });
    const takenBack = await chair.emit('speaker:end', { sessionId: b.sessionId });
    expect(takenBack).toMatchObject({
      ok: true,
      data: { entryId: second.entryId, endReason: 'chair' },
    });
    await chair.emit('speaker:grant', { sessionId: b.sessionId, entryId: third.entryId });
    expect(await moderator.emit('speaker:end', { sessionId: b.sessionId })).toMatchObject({
      ok: true,
      data: { endReason: 'moderator' },
    });
    expect(await moderator.emit('speaker:end', { sessionId: b.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'NO_FLOOR' },
    });

    const record = await state(b.sessionId);
    expect(record.current).toBeNull();
    expect(record.history.map((h: { code: string }) => h.code)).toEqual([
      first.code,
      second.code,
      third.code,
    ]);
    for (const h of record.history) {
      expect(h.seconds).toBe(Math.round((Date.parse(h.endedAt) - Date.parse(h.grantedAt)) / 1000));
    }
    expect(record.queue.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 65 }, (_, i) => i + 1),
    );
  });
});

describe('who may do what', () => {
  let b: Briefing;
  beforeAll(async () => {
    b = await liveBriefing(admin, url, codes.slice(0, 4), {
      day: 2,
      chair: 'chu-toa',
      moderators: ['dieu-phoi'],
    });
    for (const c of b.points.values()) open.push(c);
  });

  it('a point cannot grant, move, reject, invite, or withdraw another point’s entry', async () => {
    const [a, other] = [
      b.points.get(codes[0] as string) as TestClient,
      b.points.get(codes[1] as string) as TestClient,
    ];
    const mine = await a.emit('speaker:request', { sessionId: b.sessionId });
    const entryId = mine.ok ? mine.data.entryId : '';
    for (const [event, payload] of [
      ['speaker:grant', { sessionId: b.sessionId, entryId }],
      ['speaker:move', { sessionId: b.sessionId, entryId, position: 1 }],
      ['speaker:reject', { sessionId: b.sessionId, entryId }],
      ['speaker:invite', { sessionId: b.sessionId, pointCode: codes[2] }],
      ['speaker:withdraw', { sessionId: b.sessionId, entryId }],
    ] as const) {
      expect(await other.emit(event, payload)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await outsider.emit(event, payload)).toMatchObject({ ok: false });
    }
    expect(await outsider.emit('speaker:grant', { sessionId: b.sessionId, entryId })).toMatchObject(
      { ok: false, error: { code: 'FORBIDDEN' } },
    );
    expect((await state(b.sessionId)).queue).toEqual([
      expect.objectContaining({ entryId, position: 1 }),
    ]);
  });

  it('only invited, checked-in points ask; an idempotency key makes a retry one request', async () => {
    const other = await liveBriefing(admin, url, [codes[5] as string], { day: 3 });
    open.push(...other.points.values());
    const stranger = other.points.get(codes[5] as string) as TestClient;
    expect(await stranger.emit('speaker:request', { sessionId: b.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // Not checked in: a point of a new session that only joined.
    const fresh = await admin.post('/api/v1/sessions', {
      title: 'Chưa điểm danh',
      kind: 'thematic',
      urgent: true,
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 3_600_000).toISOString(),
      invitedPointCodes: [codes[6]],
    });
    await admin.post(`/api/v1/sessions/${fresh.body.id}/status`, { status: 'checkin' });
    const { token } = (await admin.post(`/api/v1/points/${codes[6]}/credentials`)).body;
    const late = await TestClient.connect(url, token, fresh.body.id);
    open.push(late);
    await late.firstSnapshot;
    expect(await late.emit('speaker:request', { sessionId: fresh.body.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_CHECKED_IN' },
    });

    const c = b.points.get(codes[2] as string) as TestClient;
    const first = await c.emit('speaker:request', { sessionId: b.sessionId, key: 'nut-bam-1' });
    const retry = await c.emit('speaker:request', { sessionId: b.sessionId, key: 'nut-bam-1' });
    expect(retry).toEqual(first);
    const entryId = first.ok ? first.data.entryId : '';
    await c.emit('speaker:withdraw', { sessionId: b.sessionId, entryId });
    // A late retry of the same press does not queue the point again.
    expect(
      await c.emit('speaker:request', { sessionId: b.sessionId, key: 'nut-bam-1' }),
    ).toMatchObject({ ok: true, data: { entryId, status: 'withdrawn', position: null } });
    // One entry for the point in this session, whatever the retries.
    const rows = await t.app.database.db
      .select()
      .from(speakerEntries)
      .where(
        and(
          eq(speakerEntries.sessionId, b.sessionId),
          eq(speakerEntries.pointId, (await admin.get(`/api/v1/points/${codes[2]}`)).body.id),
        ),
      );
    expect(rows.map((r) => r.id)).toEqual([entryId]);
  });

  it('a key used on an open entry keeps meaning that entry (found by the property test)', async () => {
    const c = b.points.get(codes[3] as string) as TestClient;
    const open = await c.emit('speaker:request', { sessionId: b.sessionId });
    const entryId = open.ok ? open.data.entryId : '';
    const keyed = await c.emit('speaker:request', { sessionId: b.sessionId, key: 'k-open' });
    expect(keyed.ok && keyed.data.entryId).toBe(entryId);
    await c.emit('speaker:withdraw', { sessionId: b.sessionId, entryId });
    const fresh = await c.emit('speaker:request', { sessionId: b.sessionId });
    expect(fresh.ok && fresh.data.entryId).not.toBe(entryId);
    // A late retry of the keyed press must not be mistaken for the new request.
    expect(
      await c.emit('speaker:request', { sessionId: b.sessionId, key: 'k-open' }),
    ).toMatchObject({
      ok: true,
      data: { entryId, status: 'withdrawn' },
    });
  });

  it('invalid payloads change nothing', async () => {
    const before = await state(b.sessionId);
    const c = b.points.get(codes[3] as string) as TestClient;
    for (const [event, payload] of [
      ['speaker:request', { sessionId: b.sessionId, topic: '' }],
      ['speaker:request', { sessionId: b.sessionId, key: 'x'.repeat(101) }],
      ['speaker:request', { sessionId: 'nope' }],
      ['speaker:move', { sessionId: b.sessionId, entryId: before.queue[0].entryId, position: 0 }],
      ['speaker:grant', { sessionId: b.sessionId, entryId: before.queue[0].entryId, seconds: 1 }],
      ['speaker:grant', { sessionId: b.sessionId }],
      ['speaker:end', { sessionId: b.sessionId, extra: true }],
    ] as const) {
      const client = event === 'speaker:request' ? c : moderator;
      expect(await client.emit(event, payload)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await state(b.sessionId)).toEqual(before);
  });
});

describe('the clock, in real time', () => {
  it('a short grant ends by itself, with a warning first', async () => {
    const b = await liveBriefing(admin, url, [codes[7] as string], {
      day: 6,
      moderators: ['dieu-phoi'],
      speech: { warningSeconds: 2 },
    });
    const speaker = b.points.get(codes[7] as string) as TestClient;
    open.push(speaker);
    const req = await speaker.emit('speaker:request', { sessionId: b.sessionId });
    const warned = speaker.next('floor:warning', () => true, 10_000);
    const ended = speaker.next('floor:ended', () => true, 10_000);
    const grant = await moderator.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: req.ok ? req.data.entryId : '',
      seconds: 5,
    });
    expect(grant.ok).toBe(true);
    const warning = await warned;
    expect(warning).toMatchObject({ overrun: false, remainingSeconds: 2 });
    const end = await ended;
    expect(end).toMatchObject({ endReason: 'time', seconds: 5, grantedSeconds: 5 });
    expect(end.endedAt).toBe(grant.ok ? grant.data.endsAt : '');
  }, 20_000);
});
