import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendance, rollCalls, testRuns } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { TestClient } from './support/sockets.js';

let t: TestApp;
let admin: Api;
let url: string;
const open: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

async function session(codes: string[], opts: { hours?: number; status?: string } = {}) {
  const res = await admin.post('/api/v1/sessions', {
    title: 'Phiên thử',
    kind: 'thematic',
    urgent: true,
    startsAt: inDays(0, opts.hours ?? 2),
    endsAt: inDays(0, (opts.hours ?? 2) + 1),
    invitedPointCodes: codes,
  });
  expect(res.status).toBe(201);
  if (opts.status !== 'scheduled')
    await admin.post(`/api/v1/sessions/${res.body.id}/status`, { status: 'checkin' });
  return res.body.id as string;
}

async function pointClient(code: string): Promise<TestClient> {
  const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
  const client = await TestClient.connect(url, token);
  open.push(client);
  return client;
}

const delegates = [{ name: 'Phạm Minh Chính', title: 'Bí thư' }];

describe('who may check in for what', () => {
  it('a point checks in only for itself, only where invited, only while check-in is open', async () => {
    const invitedHere = await session(['hue']);
    const elsewhere = await session(['ca-mau']);
    const notYetOpen = await session(['hue'], { status: 'scheduled', hours: 30 });
    const hue = await pointClient('hue');

    const forOther = await hue.emit('attendance:check-in', {
      sessionId: invitedHere,
      delegates,
      pointCode: 'ca-mau',
    });
    expect(forOther).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const notInvited = await hue.emit('attendance:check-in', { sessionId: elsewhere, delegates });
    expect(notInvited).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const tooEarly = await hue.emit('attendance:check-in', { sessionId: notYetOpen, delegates });
    expect(tooEarly).toMatchObject({ ok: false, error: { code: 'CHECKIN_CLOSED' } });
    const asUser = await TestClient.connect(url, admin.token as string);
    open.push(asUser);
    expect(
      await asUser.emit('attendance:check-in', { sessionId: invitedHere, delegates }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await t.app.database.db.select().from(attendance)).toHaveLength(0);

    const ok = await hue.emit('attendance:check-in', { sessionId: invitedHere, delegates });
    expect(ok).toMatchObject({
      ok: true,
      data: { code: 'hue', status: 'present', credentialIssued: true },
    });
  });
});

describe('absence, test runs and deadlines', () => {
  it('an absence with a reason is excused; a later check-in makes it present and keeps the reason; an absence after check-in is refused', async () => {
    const id = await session(['lai-chau']);
    const laiChau = await pointClient('lai-chau');
    const absent = await laiChau.emit('attendance:absent', {
      sessionId: id,
      reason: 'Mất điện toàn tỉnh',
    });
    expect(absent).toMatchObject({
      ok: true,
      data: { status: 'excused', absentReason: 'Mất điện toàn tỉnh' },
    });
    const record = (await admin.get(`/api/v1/sessions/${id}/attendance`)).body;
    expect(record.summary).toMatchObject({ invited: 1, present: 0, absent: 1, excused: 1 });
    expect((await laiChau.emit('attendance:check-in', { sessionId: id, delegates })).ok).toBe(true);
    // The record tells the truth: it said it would not come, then came.
    const after = (await admin.get(`/api/v1/sessions/${id}/attendance`)).body;
    expect(after.points[0]).toMatchObject({
      status: 'present',
      absentReason: 'Mất điện toàn tỉnh',
    });
    expect(after.summary).toMatchObject({ present: 1, absent: 0, excused: 0 });
    const more = [...delegates, { name: 'Hoàng Văn Em' }];
    expect((await laiChau.emit('attendance:check-in', { sessionId: id, delegates: more })).ok).toBe(
      true,
    );
    // The audit log: who (the point), what changed, before and after.
    const log = (await admin.get(`/api/v1/audit?sessionId=${id}&entityType=attendance`)).body
      .entries;
    expect(log.map((e: { action: string }) => e.action)).toEqual([
      'attendance.update-delegates',
      'attendance.check-in',
      'attendance.absent',
    ]);
    expect(log[0]).toMatchObject({
      actor: { kind: 'point', name: 'lai-chau' },
      changes: { delegates: { before: delegates, after: more } },
    });
    expect(Object.keys(log[0].changes)).toEqual(['delegates']);
    expect(log[1].changes).toMatchObject({
      delegates: { before: [], after: delegates },
      checkedInAt: { before: null },
      late: { before: null, after: false },
    });
    expect(log[1].changes.absentReason).toBeUndefined();
    const late = await laiChau.emit('attendance:absent', { sessionId: id, reason: 'x' });
    expect(late).toMatchObject({ ok: false, error: { code: 'ALREADY_CHECKED_IN' } });
  });

  it('test runs are kept with their figures; the board shows the latest', async () => {
    const id = await session(['dien-bien'], { status: 'scheduled', hours: 30 });
    const dienBien = await pointClient('dien-bien');
    const failed = await dienBien.emit('attendance:test-result', {
      sessionId: id,
      passed: false,
      figures: { rttMs: 480, lossPercent: 12.5, audioOk: true, videoOk: false },
      note: 'Đường truyền yếu',
    });
    expect(failed).toMatchObject({ ok: true, data: { testPassed: false } });
    const passed = await dienBien.emit('attendance:test-result', {
      sessionId: id,
      passed: true,
      figures: { rttMs: 40 },
    });
    expect(passed).toMatchObject({ ok: true, data: { testPassed: true } });
    const runs = await t.app.database.db.select().from(testRuns).where(eq(testRuns.sessionId, id));
    expect(runs.map((r) => [r.passed, r.figures.rttMs, r.source])).toEqual([
      [false, 480, 'client'],
      [true, 40, 'client'],
    ]);
    const bad = await dienBien.emit('attendance:test-result', {
      sessionId: id,
      passed: true,
      figures: { lossPercent: 140 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('the delegate list is on time by T−15 and the operator on duty by T−60', async () => {
    const early = await session(['son-la'], { hours: 2 });
    const soon = await session(['tuyen-quang'], { hours: 0.2 });
    const sonLa = await pointClient('son-la');
    const tuyenQuang = await pointClient('tuyen-quang');
    for (const [client, id] of [
      [sonLa, early],
      [tuyenQuang, soon],
    ] as const) {
      await client.emit('session:join', { sessionId: id });
      await client.emit('attendance:check-in', { sessionId: id, delegates });
    }
    const row = async (id: string) =>
      (await admin.get(`/api/v1/sessions/${id}/readiness`)).body.points[0];
    expect(await row(early)).toMatchObject({ rosterOnTime: true, onDutyOnTime: true, late: false });
    expect(await row(soon)).toMatchObject({
      rosterOnTime: false,
      onDutyOnTime: false,
      late: false,
    });
  });

  it('the board shows which points hold a credential', async () => {
    const id = await session(['cao-bang', 'lang-son']);
    await admin.post('/api/v1/points/cao-bang/credentials');
    const board = (await admin.get(`/api/v1/sessions/${id}/readiness`)).body.points;
    expect(
      board.map((p: { code: string; credentialIssued: boolean }) => [p.code, p.credentialIssued]),
    ).toEqual([
      ['cao-bang', true],
      ['lang-son', false],
    ]);
  });
});

describe('roll calls', () => {
  it('only those running the session start one; one at a time; answers close with it', async () => {
    const id = await session(['quang-ninh', 'hai-phong']);
    const quangNinh = await pointClient('quang-ninh');
    const observerApi = await admin.user('ql-observer', 'observer');
    const observer = await TestClient.connect(url, observerApi.token as string);
    const staff = await TestClient.connect(url, admin.token as string);
    open.push(observer, staff);
    expect(await quangNinh.emit('rollcall:start', { sessionId: id, seconds: 5 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await observer.emit('rollcall:start', { sessionId: id, seconds: 5 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await staff.emit('rollcall:start', { sessionId: id, seconds: 2 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });

    await quangNinh.emit('session:join', { sessionId: id });
    await staff.emit('session:join', { sessionId: id });
    const started = quangNinh.next('rollcall:started');
    const call = await staff.emit('rollcall:start', { sessionId: id, seconds: 5 });
    expect(call.ok).toBe(true);
    const rollCallId = call.ok ? call.data.rollCallId : '';
    expect((await started).rollCallId).toBe(rollCallId);
    expect(await staff.emit('rollcall:start', { sessionId: id, seconds: 5 })).toMatchObject({
      ok: false,
      error: { code: 'ROLLCALL_OPEN' },
    });

    const closed = quangNinh.next('rollcall:closed', () => true, 10_000);
    const closedForStaff = staff.next('rollcall:closed', () => true, 10_000);
    const answeredForStaff = staff.next('rollcall:answered', () => true, 10_000);
    const answer = await quangNinh.emit('rollcall:answer', { sessionId: id, rollCallId });
    expect(answer.ok).toBe(true);
    const again = await quangNinh.emit('rollcall:answer', { sessionId: id, rollCallId });
    expect(again.ok && again.data.answeredAt).toBe(answer.ok && answer.data.answeredAt);
    // The people watch the answers arrive, in batches.
    expect(await answeredForStaff).toMatchObject({
      rollCallId,
      answers: [{ code: 'quang-ninh', answeredAt: answer.ok ? answer.data.answeredAt : '' }],
    });
    // The people running it get the lists; a point the counts (sized for the receiver).
    expect(await closedForStaff).toMatchObject({
      rollCallId,
      answered: [{ code: 'quang-ninh' }],
      notAnswered: ['hai-phong'],
      answeredCount: 1,
      invitedCount: 2,
    });
    expect(await closed).toMatchObject({
      rollCallId,
      answered: [],
      notAnswered: [],
      answeredCount: 1,
      invitedCount: 2,
    });
    expect((await started).notAnswered).toEqual([]);
    expect(await quangNinh.emit('rollcall:answer', { sessionId: id, rollCallId })).toMatchObject({
      ok: false,
      error: { code: 'ROLLCALL_CLOSED' },
    });
  }, 20_000);
});

describe('revoking access ends live sockets', () => {
  it('a revoked credential is disconnected at once and refused at the next handshake', async () => {
    const { token, id } = (await admin.post('/api/v1/points/bac-ninh/credentials')).body;
    const client = await TestClient.connect(url, token);
    open.push(client);
    const gone = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    await admin.delete(`/api/v1/points/bac-ninh/credentials/${id}`);
    expect(await gone).toBe('io server disconnect');
    await expect(TestClient.connect(url, token)).rejects.toThrow('AUTH_INVALID');
  });
});

describe('bad input', () => {
  it('no payload changes anything or harms the server', async () => {
    const id = await session(['gia-lai']);
    const events = [
      'session:join',
      'session:leave',
      'attendance:check-in',
      'attendance:absent',
      'attendance:test-result',
      'rollcall:start',
      'rollcall:answer',
    ];
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      'x',
      [],
      [id],
      {},
      { sessionId: 'not-a-uuid' },
      { sessionId: id, delegates: 'everyone' },
      { sessionId: id, delegates: [{ name: '' }] },
      { sessionId: id, delegates: Array.from({ length: 301 }, () => ({ name: 'a' })) },
      { sessionId: id, delegates: [{ name: 'x'.repeat(201) }] },
      { sessionId: id, reason: '' },
      { sessionId: id, passed: 'yes' },
      { sessionId: id, seconds: 1e9 },
      { sessionId: id, rollCallId: 'nope' },
      JSON.parse(`{"sessionId":"${id}","__proto__":{"polluted":true}}`),
      { sessionId: { $ne: null } },
    ];
    for (const event of events) {
      const client = await pointClient('gia-lai');
      for (const payload of garbage) {
        expect(await client.emit(event, payload)).toMatchObject({ ok: false });
      }
      // No ack function at all: nobody to answer, nothing happens.
      client.socket.emit(event, { sessionId: id, delegates });
      client.close();
    }
    // An event nobody handles is not answered, and harms nothing.
    const stranger = await pointClient('gia-lai');
    await expect(stranger.emit('no:such-event', { sessionId: id }, 500)).rejects.toThrow();
    const db = t.app.database.db;
    expect(await db.select().from(attendance).where(eq(attendance.sessionId, id))).toHaveLength(0);
    expect(await db.select().from(rollCalls).where(eq(rollCalls.sessionId, id))).toHaveLength(0);
    expect((await admin.get('/health')).status).toBe(200);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('a flood of events is rate-limited per socket', async () => {
    const client = await pointClient('gia-lai');
    const acks = await Promise.all(
      Array.from({ length: 100 }, () => client.emit('session:leave', {})),
    );
    const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(40);
    expect(codes.filter((c) => c === 'VALIDATION_FAILED').length).toBeGreaterThan(30);
  });
});
