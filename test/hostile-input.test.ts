import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, points, sessions, users } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * The inputs a fuzz run found answering 500 or INTERNAL, one by one: each is
 * now a clear 4xx (or ok: false with a client-error code) and changes nothing.
 */
let t: TestApp;
let admin: Api;
let url: string;
let b: Briefing;
const open: TestClient[] = [];
const HALL = 'trung-uong';
const [A, B] = ['ha-noi', 'hue'] as const;

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
  b = await liveBriefing(admin, url, [HALL, A, B], { day: 1 });
  for (const c of b.points.values()) open.push(c);
}, 60_000);
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

/** Row counts of what a bad request could have written. */
async function stored() {
  const db = t.app.database.db;
  const n = async (table: typeof users | typeof points | typeof sessions | typeof auditLog) =>
    (await db.select({ n: count() }).from(table))[0]?.n;
  return {
    users: await n(users),
    points: await n(points),
    sessions: await n(sessions),
    audit: await n(auditLog),
  };
}

function expectProblem(
  res: { status: number; headers: Record<string, unknown>; body: any },
  status: number,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(typeof res.body.code).toBe('string');
}

describe('HTTP: values PostgreSQL or JavaScript cannot take', () => {
  it('NUL characters anywhere are 400 naming the field, and nothing is written', async () => {
    const before = await stored();
    const login = await admin.as(undefined).post('/api/v1/auth/login', {
      username: '\u0000',
      password: 'x',
    });
    expectProblem(login, 400);
    expect(login.body.errors[0].path).toBe('body/username');
    for (const path of [
      '/api/v1/users/%00',
      '/api/v1/points?q=%00',
      '/api/v1/audit?entityType=%00',
    ]) {
      expectProblem(await admin.get(path), 400);
    }
    const writes = [
      admin.post('/api/v1/users', {
        username: 'nul-user',
        password: 'long-enough-password',
        role: 'observer',
        displayName: 'A\u0000B',
      }),
      admin.post('/api/v1/points', {
        code: 'nul-point',
        name: 'Tỉnh\u0000ủy',
        kind: 'province',
        parentCode: HALL,
      }),
      admin.post('/api/v1/sessions', {
        title: 'Giao ban\u0000',
        kind: 'monthly',
        urgent: true,
        startsAt: inDays(30),
        endsAt: inDays(30, 2),
        invitedPointCodes: [A],
      }),
      admin.post('/api/v1/sessions', {
        title: 'Giao ban',
        kind: 'monthly',
        urgent: true,
        startsAt: inDays(31),
        endsAt: inDays(31, 2),
        invitedPointCodes: [A],
        agenda: [{ title: 'Mục\u0000một' }],
      }),
    ];
    for (const res of await Promise.all(writes)) expectProblem(res, 400);
    const csv = await admin.post(
      '/api/v1/points/import',
      'code,name,kind,parent_code\nbinh-a,Xã Bình A,commune,ha-noi\nbinh-b,Xã \u0000B,commune,ha-noi\n',
      { 'content-type': 'text/csv' },
    );
    expectProblem(csv, 400);
    expect(JSON.stringify(csv.body.errors)).toContain('line 3');
    expect(await stored()).toEqual(before);
  });

  it('a lone UTF-16 surrogate is refused like a NUL', async () => {
    const res = await admin.post('/api/v1/points', {
      code: 'surrogate',
      name: 'Tỉnh \ud800',
      kind: 'province',
      parentCode: HALL,
    });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('body/name');
  });

  it('date-times that exist only on paper (leap second, year 0) are 400, not 500', async () => {
    for (const path of [
      '/api/v1/sessions?from=2026-12-31T23:59:60Z',
      '/api/v1/sessions?to=0000-01-01T00:00:00Z',
      '/api/v1/audit?since=2026-02-30T00:00:00Z',
    ]) {
      expectProblem(await admin.get(path), 400);
    }
    const before = await stored();
    const leap = await admin.post('/api/v1/sessions', {
      title: 'Giây nhuận',
      kind: 'thematic',
      urgent: true,
      startsAt: '2031-06-30T23:59:60+00:00',
      endsAt: '2031-07-01T03:00:00Z',
      invitedPointCodes: [B],
    });
    expectProblem(leap, 400);
    expect(await stored()).toEqual(before);
  });

  it('infinite or huge numbers in query strings are 400', async () => {
    for (const path of [
      '/api/v1/points?limit=Infinity',
      '/api/v1/points?offset=-Infinity',
      '/api/v1/points?offset=99999999999999999999',
      '/api/v1/audit?before=9223372036854775808',
      '/api/v1/audit?limit=1e999',
    ]) {
      expectProblem(await admin.get(path), 400);
    }
  });
});

describe('sockets: client mistakes are ok: false with a client-error code, never INTERNAL', () => {
  const point = (code: string) => b.points.get(code) as TestClient;

  it('NUL and lone surrogates in delegates, notes, topics, keys and codes', async () => {
    const sessionId = b.sessionId;
    const staff = await TestClient.connect(url, admin.token as string);
    open.push(staff);
    const attempts: Array<[TestClient, string, unknown]> = [
      [point(A), 'attendance:check-in', { sessionId, delegates: [{ name: 'Nguyễn\u0000A' }] }],
      [
        point(A),
        'attendance:check-in',
        { sessionId, delegates: [{ name: 'Nguyễn A', title: 'Bí thư \udc00' }] },
      ],
      [point(A), 'attendance:test-result', { sessionId, passed: true, note: 'ồn\u0000' }],
      [point(A), 'speaker:request', { sessionId, topic: 'Ý kiến\u0000' }],
      [point(A), 'speaker:request', { sessionId, key: 'k\u0000' }],
      [staff, 'speaker:invite', { sessionId, pointCode: 'ha-noi\u0000' }],
      [staff, 'media:mic', { sessionId, pointCode: '\u0000', state: 'closed' }],
    ];
    for (const [client, event, payload] of attempts) {
      const ack = await client.emit(event, payload);
      expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    const [row] = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body.points.filter(
      (p: { code: string }) => p.code === A,
    );
    expect(row.delegates).toEqual([{ name: `Đại biểu ${A}` }]);
  });

  it('a payload nested 2,000 deep is refused without hurting the server', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) deep = { x: deep };
    const ack = await point(A).emit('media:produce', {
      transportId: '00000000-0000-4000-8000-000000000000',
      kind: 'audio',
      source: 'mic',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', parameters: deep }] },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await admin.get('/health')).status).toBe(200);
  });

  it('what mediasoup refuses because of the client (connect twice, a reused ssrc) is VALIDATION_FAILED', async () => {
    const client = point(B);
    const data = async (event: string, payload: unknown) => {
      const ack = await client.emit(event, payload);
      if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack)}`);
      return ack.data;
    };
    await data('media:capabilities', { sessionId: b.sessionId });
    const send = await data('media:transport:create', {
      sessionId: b.sessionId,
      direction: 'send',
    });
    const dtlsParameters = {
      role: 'client',
      fingerprints: [{ algorithm: 'sha-256', value: Array(32).fill('AB').join(':') }],
    };
    expect(
      (await client.emit('media:transport:connect', { transportId: send.id, dtlsParameters })).ok,
    ).toBe(true);
    const again = await client.emit('media:transport:connect', {
      transportId: send.id,
      dtlsParameters,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const opus = {
      codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: 2222 }],
    };
    await data('media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opus,
    });
    const vp8 = {
      codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
      encodings: [{ ssrc: 2222 }],
    };
    const reused = await client.emit('media:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8,
    });
    expect(reused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('ids are one spelling everywhere', () => {
  it('an upper-case session id joins the same session: presence, queue broadcasts and roll calls reach it', async () => {
    const upper = b.sessionId.toUpperCase();
    const { token } = (await admin.post(`/api/v1/points/${A}/credentials`)).body;
    const secondDevice = await TestClient.connect(url, token);
    open.push(secondDevice);
    const joined = await secondDevice.emit('session:join', { sessionId: upper });
    expect(joined).toMatchObject({ ok: true, data: { session: { id: b.sessionId } } });
    const staff = await TestClient.connect(url, admin.token as string);
    open.push(staff);
    expect((await staff.emit('session:join', { sessionId: upper })).ok).toBe(true);

    const queued = staff.next(
      'speaker:queue',
      (q: { sessionId: string }) => q.sessionId === b.sessionId,
    );
    const request = await secondDevice.emit('speaker:request', {
      sessionId: upper,
      topic: 'Hai thiết bị',
    });
    expect(request.ok).toBe(true);
    await queued;

    const rollCall = secondDevice.next('rollcall:started');
    const started = await staff.emit('rollcall:start', { sessionId: upper, seconds: 30 });
    expect(started.ok).toBe(true);
    const seen = await rollCall;
    const answer = await secondDevice.emit('rollcall:answer', {
      sessionId: upper,
      rollCallId: seen.rollCallId.toUpperCase(),
    });
    expect(answer.ok).toBe(true);
    // One point, one interval: the second device shares the first one's presence.
    await waitUntil(async () => {
      const row = (await admin.get(`/api/v1/sessions/${b.sessionId}/readiness`)).body.points.find(
        (p: { code: string }) => p.code === A,
      );
      return row.connected === true;
    });
  });
});
