import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkIn } from '../src/modules/attendance/service.js';
import { systemActor } from '../src/modules/audit/record.js';
import type { PointPrincipal } from '../src/modules/auth/principal.js';
import { findSession } from '../src/modules/sessions/read.js';
import { Api, inDays } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * The floor clock with fake time (setTimeout and Date only) against the real
 * register in PostgreSQL: the warning at the limit minus 30 s, the end at the
 * limit, or only a warning when the session says so.
 */
let t: TestApp;
let admin: Api;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' } });
  admin = await new Api(t.app).loginAdmin();
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A live session with `code` checked in and its request queued; returns the entry. */
async function queuedSpeech(code: string, day: number, speech: Record<string, unknown>) {
  const created = await admin.post('/api/v1/sessions', {
    title: 'Đồng hồ',
    kind: 'thematic',
    urgent: true,
    startsAt: inDays(day),
    endsAt: inDays(day, 2),
    invitedPointCodes: [code],
    speech,
  });
  for (const status of ['checkin', 'live'])
    await admin.post(`/api/v1/sessions/${created.body.id}/status`, { status });
  const db = t.app.database.db;
  const session = await findSession(db, created.body.id);
  if (!session) throw new Error('session missing');
  const point = (await admin.get(`/api/v1/points/${code}`)).body;
  const principal: PointPrincipal = {
    kind: 'point',
    credentialId: '',
    pointId: point.id,
    pointCode: code,
    pointName: point.name,
    pointKind: point.kind,
  };
  await checkIn(db, t.app.config.attendance, session, principal, [{ name: 'Đại biểu' }]);
  const { entry } = await t.app.speakers.register.request(session, point.id, {});
  return { session, entry };
}

const settle = async () => {
  // Let database round trips started by the timers finish (real I/O).
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
};

describe('floor clock (fake time)', () => {
  it('warns 30 s before the limit and ends the floor at the limit', async () => {
    const { session, entry } = await queuedSpeech('hue', 1, { seconds: 300, warningSeconds: 30 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
    const { speakers, events } = t.app;
    const granted = await speakers.register.grant(session, systemActor, entry.id, 300);
    speakers.granted(granted, session);

    const warning = once(events, 'floor.warning');
    await vi.advanceTimersByTimeAsync(269_000);
    await settle();
    expect((await speakers.register.entry(entry.id))?.warnedAt).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    const [warned] = await warning;
    expect(warned).toMatchObject({ entryId: entry.id, overrun: false });
    expect((await speakers.register.entry(entry.id))?.warnedAt).not.toBeNull();

    const ended = once(events, 'floor.ended');
    await vi.advanceTimersByTimeAsync(29_000);
    await settle();
    expect((await speakers.register.entry(entry.id))?.status).toBe('speaking');
    await vi.advanceTimersByTimeAsync(1_000);
    const [end] = await ended;
    expect(end).toMatchObject({ entryId: entry.id, reason: 'time' });
    const record = await speakers.register.record(session);
    expect(record.current).toBeNull();
    expect(record.history).toEqual([
      expect.objectContaining({
        entryId: entry.id,
        seconds: 300,
        grantedSeconds: 300,
        endReason: 'time',
        endedAt: granted.endsAt?.toISOString(),
      }),
    ]);
  });

  it('with overrun "warn" the limit only warns; the speech goes on until someone ends it', async () => {
    const { session, entry } = await queuedSpeech('ca-mau', 2, {
      seconds: 120,
      warningSeconds: 0,
      overrun: 'warn',
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
    const { speakers, events } = t.app;
    speakers.granted(await speakers.register.grant(session, systemActor, entry.id, 60), session);
    const atLimit = once(events, 'floor.warning');
    await vi.advanceTimersByTimeAsync(60_000);
    const [warned] = await atLimit;
    expect(warned).toMatchObject({ entryId: entry.id, overrun: true });
    await vi.advanceTimersByTimeAsync(120_000);
    await settle();
    expect((await speakers.register.entry(entry.id))?.status).toBe('speaking');
    const ended = await speakers.register.end(session.id, {
      actor: systemActor,
      reason: 'moderator',
    });
    expect(ended?.endedAt?.getTime()).toBe(Date.now());
    expect(
      Math.round(((ended?.endedAt?.getTime() ?? 0) - (ended?.startedAt?.getTime() ?? 0)) / 1000),
    ).toBe(180);
  });

  it('ending early cancels the clock: no warning, no second end', async () => {
    const { session, entry } = await queuedSpeech('son-la', 3, { seconds: 60, warningSeconds: 30 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
    const { speakers, events } = t.app;
    const fired: string[] = [];
    const onWarn = () => fired.push('warning');
    const onEnd = () => fired.push('ended');
    events.on('floor.warning', onWarn);
    events.on('floor.ended', onEnd);
    speakers.granted(await speakers.register.grant(session, systemActor, entry.id, 60), session);
    await vi.advanceTimersByTimeAsync(10_000);
    const early = await speakers.register.end(session.id, {
      actor: systemActor,
      reason: 'speaker',
    });
    speakers.ended(early as NonNullable<typeof early>);
    await vi.advanceTimersByTimeAsync(120_000);
    await settle();
    events.off('floor.warning', onWarn);
    events.off('floor.ended', onEnd);
    expect(fired).toEqual(['ended']);
    expect((await speakers.register.record(session)).history[0]).toMatchObject({
      seconds: 10,
      endReason: 'speaker',
    });
  });
});
