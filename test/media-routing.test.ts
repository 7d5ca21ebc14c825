import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRoom } from '../src/media/media-room.js';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * The routing policy with real RTP: the central hall and three points send
 * Opus and simulcast VP8 into plain transports on two workers; who receives
 * what is read off the packets that arrive at each point's UDP socket.
 */
const HALL = 'trung-uong';
const [A, B, C] = ['ha-noi', 'hue', 'ca-mau'] as const;

let t: TestApp;
let admin: Api;
let moderator: TestClient;
let briefing: Briefing;
let room: MediaRoom;
const fake = new Map<string, FakePoint>();

/** Packets grow at `at` from `from`'s `source` over half a second. */
async function flowing(at: string, from: string, source: 'mic' | 'camera') {
  const before = fake.get(at)?.received(from, source) ?? 0;
  await sleep(500);
  return (fake.get(at)?.received(from, source) ?? 0) > before;
}

async function grant(code: string) {
  const { queue } = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/speakers`)).body;
  const entry = queue.find((e: { code: string }) => e.code === code);
  const at = performance.now();
  const ack = await moderator.emit('speaker:grant', {
    sessionId: briefing.sessionId,
    entryId: entry.entryId,
    seconds: 600,
  });
  expect(ack.ok).toBe(true);
  return at;
}

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2025', MEDIASOUP_WORKERS: '2', MEDIA_STATS_SECONDS: '1' },
    listen: true,
  });
  admin = await new Api(t.app).loginAdmin();
  briefing = await liveBriefing(admin, baseUrl(t.app), [HALL, A, B, C], { day: 1 });
  for (const code of [A, B, C])
    await briefing.points.get(code)?.emit('speaker:request', { sessionId: briefing.sessionId });
  moderator = await TestClient.connect(baseUrl(t.app), admin.token as string);
  room = await t.app.media.room(briefing.sessionId);
  for (const code of [HALL, A, B, C]) {
    const point = (await admin.get(`/api/v1/points/${code}`)).body;
    fake.set(code, await fakePoint(room, { pointId: point.id, code, isHall: code === HALL }));
  }
  await waitUntil(
    async () => (await flowing(A, HALL, 'camera')) && (await flowing(HALL, C, 'camera')),
    15_000,
    100,
  );
}, 60_000);
afterAll(async () => {
  for (const f of fake.values()) await f.close();
  moderator?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await t?.close();
});

describe('briefing topology with real RTP', () => {
  it('one session uses both workers; producers are piped between them', () => {
    expect(room.workerIndexes().sort()).toEqual([0, 1]);
    const workers = new Set([...fake.values()].map((f) => f.peer.router.appData.workerIndex));
    expect(workers.size).toBe(2);
  });

  it('the hall reaches every point; every point’s camera reaches the hall at the lowest layer', async () => {
    for (const code of [A, B, C]) {
      expect(await flowing(code, HALL, 'mic')).toBe(true);
      expect(await flowing(code, HALL, 'camera')).toBe(true);
      expect(await flowing(HALL, code, 'camera')).toBe(true);
      expect(fake.get(HALL)?.consumer(code, 'camera')?.preferredLayers?.spatialLayer).toBe(0);
    }
    await waitUntil(
      () => fake.get(HALL)?.consumer(A, 'camera')?.currentLayers?.spatialLayer === 0,
      5000,
    );
  });

  it('without the floor a point is heard by no one, although it keeps sending', async () => {
    expect(fake.get(A)?.producer('mic').paused).toBe(true);
    expect(fake.get(A)?.replayer.sent).toBeGreaterThan(0);
    for (const at of [HALL, B, C]) {
      expect(fake.get(at)?.consumer(A, 'mic')).toBeUndefined();
      expect(fake.get(at)?.received(A, 'mic')).toBe(0);
    }
    // Points do not see each other's cameras either: only the hall's wall does.
    expect(fake.get(B)?.consumer(A, 'camera')).toBeUndefined();
  });

  it('the floor holder is heard and seen by every point and the hall within a second', async () => {
    const at = await grant(A);
    for (const to of [HALL, B, C]) {
      await waitUntil(
        () => (fake.get(to)?.firstPacketAt(A, 'mic') ?? Infinity) < Infinity,
        2000,
        20,
      );
      expect((fake.get(to)?.firstPacketAt(A, 'mic') ?? Infinity) - at).toBeLessThan(1000);
      expect(await flowing(to, A, 'mic')).toBe(true);
    }
    for (const to of [B, C]) expect(await flowing(to, A, 'camera')).toBe(true);
    // The speaker at the highest layer on the hall's wall. The policy asks for
    // layer 2; mediasoup moves up as far as it can line the replayed layers up
    // (real WebRTC senders: see the browser test, which checks the resolution).
    const speakerOnWall = () => fake.get(HALL)?.consumer(A, 'camera');
    expect(speakerOnWall()?.preferredLayers?.spatialLayer).toBe(2);
    await waitUntil(() => (speakerOnWall()?.currentLayers?.spatialLayer ?? 0) > 0, 5000);
  });

  it('when the floor moves the new speaker is heard within a second and the old one no longer', async () => {
    await moderator.emit('speaker:end', { sessionId: briefing.sessionId });
    const at = await grant(B);
    for (const to of [HALL, A, C]) {
      await waitUntil(
        () => (fake.get(to)?.firstPacketAt(B, 'mic') ?? Infinity) < Infinity,
        2000,
        20,
      );
      expect((fake.get(to)?.firstPacketAt(B, 'mic') ?? Infinity) - at).toBeLessThan(1000);
    }
    expect(fake.get(A)?.producer('mic').paused).toBe(true);
    for (const to of [HALL, C]) {
      expect(fake.get(to)?.consumer(A, 'mic')).toBeUndefined();
      expect(await flowing(to, B, 'mic')).toBe(true);
    }
    expect(fake.get(C)?.consumer(A, 'camera')).toBeUndefined();
    // Back to the wall's lowest layer.
    expect(fake.get(HALL)?.consumer(A, 'camera')?.preferredLayers?.spatialLayer).toBe(0);
    await waitUntil(
      () => fake.get(HALL)?.consumer(A, 'camera')?.currentLayers?.spatialLayer === 0,
      5000,
    );
  });

  it('a moderator silences the speaker and opens another point; the SFU enforces both', async () => {
    const mic = (state: string, pointCode: string) =>
      moderator.emit('media:mic', { sessionId: briefing.sessionId, pointCode, state });
    expect(await mic('closed', B)).toMatchObject({ ok: true });
    expect(fake.get(B)?.producer('mic').paused).toBe(true);
    for (const to of [HALL, A, C]) expect(await flowing(to, B, 'mic')).toBe(false);
    expect(await mic('open', C)).toMatchObject({ ok: true });
    for (const to of [HALL, A, B]) {
      await waitUntil(() => fake.get(to)?.consumer(C, 'mic') !== undefined, 2000);
      expect(await flowing(to, C, 'mic')).toBe(true);
    }
    // Points may not do this.
    const point = briefing.points.get(A) as TestClient;
    expect(
      await point.emit('media:mic', { sessionId: briefing.sessionId, pointCode: B, state: 'open' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await mic('auto', B);
    await mic('auto', C);
    expect(await flowing(HALL, B, 'mic')).toBe(true);
  });

  it('a console slow to answer its offers holds up no one: the floor still moves within a second', async () => {
    // A second console of C on a bad line: it answers every offer after 5 s, with no.
    const c = (await admin.get(`/api/v1/points/${C}`)).body;
    const slow = await fakePoint(
      room,
      { pointId: c.id, code: C, isHall: false },
      { offer: () => sleep(5000).then(() => false), notify: () => {} },
    );
    try {
      await moderator.emit('speaker:end', { sessionId: briefing.sessionId });
      const at = await grant(C);
      for (const to of [HALL, A, B]) {
        await waitUntil(
          () => (fake.get(to)?.firstPacketAt(C, 'mic') ?? Infinity) < Infinity,
          3000,
          20,
        );
        expect((fake.get(to)?.firstPacketAt(C, 'mic') ?? Infinity) - at).toBeLessThan(1000);
      }
      expect(fake.get(HALL)?.consumer(B, 'mic')).toBeUndefined();
    } finally {
      await slow.close();
    }
  });
  it("the hall's wall by pages: only the cameras on its page reach the hall, the floor holder's always", async () => {
    const idOf = async (code: string) => (await admin.get(`/api/v1/points/${code}`)).body.id;
    // C holds the floor (the test before). The wall shows A alone.
    await room.setWallPage([await idOf(A)]);
    expect(fake.get(HALL)?.consumer(B, 'camera')).toBeUndefined();
    expect(await flowing(HALL, B, 'camera')).toBe(false);
    expect(await flowing(HALL, A, 'camera')).toBe(true);
    expect(await flowing(HALL, C, 'camera')).toBe(true);
    // The points are not paged: they still see the speaker and the hall.
    expect(await flowing(A, C, 'camera')).toBe(true);
    expect(await flowing(B, HALL, 'camera')).toBe(true);
    // The next page: B in, A out.
    await room.setWallPage([await idOf(B)]);
    await waitUntil(() => flowing(HALL, B, 'camera'), 5000, 100);
    expect(fake.get(HALL)?.consumer(A, 'camera')).toBeUndefined();
    // Every point again.
    await room.setWallPage(null);
    await waitUntil(() => flowing(HALL, A, 'camera'), 5000, 100);
    expect(await flowing(HALL, B, 'camera')).toBe(true);
  });

  it('only the central hall pages its wall, and only with media joined', async () => {
    const point = briefing.points.get(A) as TestClient;
    const refused = await point.emit('media:wall', {
      sessionId: briefing.sessionId,
      pointCodes: [B],
    });
    expect(refused.ok).toBe(false);
    const bad = await point.emit('media:wall', {
      sessionId: briefing.sessionId,
      pointCodes: Array.from({ length: 401 }, (_, i) => `p${i}`),
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
  it('the network sampler reads every peer each round, one round at a time, and says what it costs', async () => {
    const stats = t.app.media.samplerStats;
    const runs = stats.runs;
    await waitUntil(() => stats.runs >= runs + 2, 10_000, 100);
    expect(stats.lastPeers).toBe(room.peers().length);
    expect(stats.skipped).toBe(0);
    expect(stats.lastSeconds).toBeLessThan(1);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^giaoban_network_sampler_runs_total \d+$/m);
    expect(metrics.body).toContain(`giaoban_network_sampler_last_peers ${room.peers().length}`);
  });
});
