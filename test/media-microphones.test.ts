import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import type { Config } from '../src/config.js';
import type { PeerChannel } from '../src/media/media-peer.js';
import { Api } from './support/api.js';
import { testConfig } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * A moderator's word on microphones is stored: after a restart a point a
 * moderator silenced stays silent, even holding the floor, and one opened
 * stays open; a fresh grant lifts a silence. The SFU's producers show it.
 */
const HALL = 'trung-uong';
const [A, B, C] = ['ha-noi', 'hue', 'ca-mau'] as const;

let database: TestDatabase;
let config: Config;
let app: FastifyInstance | undefined;
let port = 0;
let admin: Api;
let moderator: TestClient;
let briefing: Briefing;
let fake = new Map<string, FakePoint>();
/** What each fake point was told of its microphone (media:mic `muted`), in order. */
const told = new Map<string, boolean[]>();
const pointIds = new Map<string, string>();

async function start(): Promise<FastifyInstance> {
  const server = await buildServer({ config });
  await server.listen({ host: '127.0.0.1', port });
  port = (server.server.address() as { port: number }).port;
  return server;
}

/** Fake points for the hall and A, B, C in the session's media room (plain RTP). */
async function joinMedia(server: FastifyInstance): Promise<void> {
  for (const f of fake.values()) await f.close();
  fake = new Map();
  const room = await server.media.room(briefing.sessionId);
  for (const code of [HALL, A, B, C]) {
    const point = (await admin.get(`/api/v1/points/${code}`)).body;
    pointIds.set(code, point.id);
    told.set(code, []);
    const channel: PeerChannel = {
      offer: async () => true,
      notify: (event, payload) => {
        if (event === 'mic') told.get(code)?.push(payload.muted);
      },
    };
    fake.set(
      code,
      await fakePoint(room, { pointId: point.id, code, isHall: code === HALL }, channel),
    );
  }
}

const micPaused = (code: string) => fake.get(code)?.producer('mic').paused;
const mic = (state: string, pointCode: string) =>
  moderator.emit('media:mic', { sessionId: briefing.sessionId, pointCode, state });
async function boardMicrophones(): Promise<Record<string, string>> {
  const res = await admin.get(`/api/v1/sessions/${briefing.sessionId}/readiness`);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.points.map((p: { code: string; microphone: string }) => [p.code, p.microphone]),
  );
}
async function grant(code: string) {
  await briefing.points.get(code)?.emit('speaker:request', { sessionId: briefing.sessionId });
  const { queue } = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/speakers`)).body;
  const entry = queue.find((e: { code: string }) => e.code === code);
  const ack = await moderator.emit('speaker:grant', {
    sessionId: briefing.sessionId,
    entryId: entry.entryId,
    seconds: 600,
  });
  expect(ack.ok).toBe(true);
}

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, { SEED_POINTS: '2025' });
  app = await start();
  const url = `http://127.0.0.1:${port}`;
  admin = await new Api(url).loginAdmin();
  briefing = await liveBriefing(admin, url, [HALL, A, B, C], { day: 1 });
  moderator = await TestClient.connect(url, admin.token as string, briefing.sessionId);
  await moderator.firstSnapshot;
}, 30_000);
afterAll(async () => {
  for (const f of fake.values()) await f.close();
  moderator?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await app?.close();
  await database?.drop();
});

describe('microphone decisions', () => {
  it('bad requests change nothing', async () => {
    expect(await mic('loud', A)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    // Invited: no. Existing: yes.
    expect(await mic('open', 'lai-chau')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await mic('open', 'no-such-point')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await briefing.points
        .get(A)
        ?.emit('media:mic', { sessionId: briefing.sessionId, pointCode: A, state: 'open' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(Object.values(await boardMicrophones())).toEqual(['auto', 'auto', 'auto', 'auto']);
  });

  it('are enforced by the SFU, shown on the board and audited', async () => {
    await grant(A);
    await joinMedia(app as FastifyInstance);
    expect(micPaused(A)).toBe(false); // the floor
    expect(micPaused(B)).toBe(true);

    const rowChanged = moderator.next(
      'attendance:updated',
      (e: { points: Array<{ code: string; microphone: string }> }) =>
        e.points.some((p) => p.code === A && p.microphone === 'closed'),
    );
    expect(await mic('closed', A)).toMatchObject({ ok: true, data: { state: 'closed' } });
    expect(await mic('open', B)).toMatchObject({ ok: true, data: { state: 'open' } });
    await rowChanged;
    expect(micPaused(A)).toBe(true);
    expect(micPaused(B)).toBe(false);
    expect(micPaused(C)).toBe(true);
    await waitUntil(() => fake.get(HALL)?.consumer(B, 'mic') !== undefined, 2000);
    expect(fake.get(HALL)?.consumer(A, 'mic')).toBeUndefined();
    expect(await boardMicrophones()).toMatchObject({ [A]: 'closed', [B]: 'open', [C]: 'auto' });

    const audit = (
      await admin.get(`/api/v1/audit?sessionId=${briefing.sessionId}&entityType=point&limit=10`)
    ).body.entries;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'media.microphone',
          entityId: A,
          actor: expect.objectContaining({ name: 'admin' }),
          changes: { microphone: { before: 'auto', after: 'closed' } },
        }),
        expect.objectContaining({
          action: 'media.microphone',
          entityId: B,
          changes: { microphone: { before: 'auto', after: 'open' } },
        }),
      ]),
    );
  });

  it('survive a restart: the silenced speaker stays silent, the opened point stays open', async () => {
    for (const f of fake.values()) await f.close();
    fake = new Map();
    await app?.close();
    app = await start();
    await waitUntil(() => moderator.socket.connected, 10_000);

    await joinMedia(app);
    const { current } = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/speakers`)).body;
    expect(current?.code).toBe(A); // still holds the floor
    expect(micPaused(A)).toBe(true);
    expect(micPaused(B)).toBe(false);
    expect(micPaused(C)).toBe(true);
    await waitUntil(() => fake.get(C)?.consumer(B, 'mic') !== undefined, 2000);
    expect(fake.get(C)?.consumer(A, 'mic')).toBeUndefined();
    expect(await boardMicrophones()).toMatchObject({ [A]: 'closed', [B]: 'open' });
  });

  it('a fresh grant lifts a silence for good; auto hands the microphone back to the floor', async () => {
    expect((await moderator.emit('speaker:end', { sessionId: briefing.sessionId })).ok).toBe(true);
    await grant(A);
    await waitUntil(() => micPaused(A) === false, 2000);
    await waitUntil(async () => (await boardMicrophones())[A] === 'auto', 2000);

    expect(await mic('auto', B)).toMatchObject({ ok: true });
    expect(micPaused(B)).toBe(true);
    expect(await boardMicrophones()).toMatchObject({ [A]: 'auto', [B]: 'auto', [C]: 'auto' });

    // And that is what a room opened afresh sees too.
    for (const f of fake.values()) await f.close();
    fake = new Map();
    await app?.close();
    app = await start();
    await joinMedia(app);
    expect(micPaused(A)).toBe(false);
    expect(micPaused(B)).toBe(true);
  });

  it('tells a point of each change of its microphone once, however close the floor changes come', async () => {
    // A speech ending and the next grant a moment apart (the moderator's
    // dashboard sends both at once, or the speech clock ends one as the
    // next is granted): the room hears of both before the worker has
    // answered the first pause. A holds the floor.
    const server = app as FastifyInstance;
    const room = await server.media.room(briefing.sessionId);
    for (const muted of told.values()) muted.length = 0;
    const moves = [B, C, A, B, C, A];
    for (const next of moves)
      await Promise.all([room.setFloor(null), room.setFloor(pointIds.get(next) ?? null)]);

    // Each move closes the old speaker's microphone and opens the new one's: two notices.
    const all = [...told.values()].flat();
    expect(all.length).toBe(2 * moves.length);
    expect(told.get(A)).toEqual([true, false, true, false]);
    expect(told.get(B)).toEqual([false, true, false, true]);
    expect(told.get(C)).toEqual([false, true, false, true]);
    expect(told.get(HALL)).toEqual([]);
    expect([micPaused(A), micPaused(B), micPaused(C)]).toEqual([false, true, true]);
  });

  it('a test run echoes the point its own microphone and camera, heard by nobody else, and ends cleanly', async () => {
    // A holds the floor (previous test); B is silent and tests its line.
    const server = app as FastifyInstance;
    const room = await server.media.room(briefing.sessionId);
    const b = fake.get(B) as FakePoint;
    for (const muted of told.values()) muted.length = 0;
    expect(micPaused(B)).toBe(true);
    await room.setEcho(b.peer, true);
    // The producer runs for the echo, but B is still told it is muted (nobody hears it).
    expect(micPaused(B)).toBe(false);
    expect(told.get(B)).toEqual([]);
    await waitUntil(() => b.received(B, 'mic') > 0 && b.received(B, 'camera') > 0, 10_000, 50);
    const heardBy = (code: string) => fake.get(code)?.consumer(B, 'mic');
    expect([heardBy(A), heardBy(C), heardBy(HALL)]).toEqual([undefined, undefined, undefined]);

    await room.setEcho(b.peer, false);
    expect(micPaused(B)).toBe(true);
    await waitUntil(
      () => b.consumer(B, 'mic') === undefined && b.consumer(B, 'camera') === undefined,
    );
    expect(told.get(B)).toEqual([]);
  });
});
