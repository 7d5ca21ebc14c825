import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { TestClient } from './support/sockets.js';

/**
 * The media signalling as a misbehaving or curious client sees it: every
 * payload is checked, a point touches only its own transports and producers,
 * and nothing it sends takes the server down or changes another point's media.
 */
const HALL = 'trung-uong';
const [A, B] = ['ha-noi', 'hue'] as const;

let t: TestApp;
let admin: Api;
let briefing: Briefing;
let a: TestClient;
let b: TestClient;
/** A's sending transport and microphone, the targets B tries to touch. */
let sendId: string;
let micId: string;

const opus = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 1111 }],
};

/** Emits, expects success, and gives the ack's data. */
async function data(client: TestClient, event: string, payload: unknown): Promise<any> {
  const ack = await client.emit(event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** What A sends, as the SFU sees it: producer ids, and whether each is paused. */
async function producersOfA() {
  return (await data(a, 'media:stats', {})).producers.map((p: { id: string; paused: boolean }) => ({
    id: p.id,
    paused: p.paused,
  }));
}

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025', MEDIASOUP_WORKERS: '1' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  briefing = await liveBriefing(admin, baseUrl(t.app), [HALL, A, B], { day: 1 });
  a = briefing.points.get(A) as TestClient;
  b = briefing.points.get(B) as TestClient;
  for (const client of [a, b])
    await data(client, 'media:capabilities', { sessionId: briefing.sessionId });
  sendId = (
    await data(a, 'media:transport:create', { sessionId: briefing.sessionId, direction: 'send' })
  ).id;
  micId = (
    await data(a, 'media:produce', {
      transportId: sendId,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opus,
    })
  ).producerId;
}, 60_000);

afterAll(async () => {
  for (const c of briefing?.points.values() ?? []) c.close();
  await t?.close();
});

describe('media signalling', () => {
  it('offers the router’s codecs through the worker’s WebRtcServer', async () => {
    const caps = await data(a, 'media:capabilities', { sessionId: briefing.sessionId });
    const mimeTypes = caps.routerRtpCapabilities.codecs.map((c: { mimeType: string }) =>
      c.mimeType.toLowerCase(),
    );
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/vp8', 'video/h264']));
    const recv = await data(a, 'media:transport:create', {
      sessionId: briefing.sessionId,
      direction: 'recv',
      rtpCapabilities: caps.routerRtpCapabilities,
    });
    const [worker] = t.app.sfu.workers();
    expect(recv.iceCandidates.map((c: { port: number }) => c.port)).toContain(worker?.ports.udp);
  });

  it('a microphone without the floor is paused by the server from the start', async () => {
    expect(await producersOfA()).toEqual([{ id: micId, paused: true }]);
  });

  it('only connection points of the session get media', async () => {
    const user = await TestClient.connect(baseUrl(t.app), admin.token as string);
    const asUser = await user.emit('media:capabilities', { sessionId: briefing.sessionId });
    expect(asUser).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    user.close();

    const { token } = (await admin.post('/api/v1/points/da-nang/credentials')).body;
    const outsider = await TestClient.connect(baseUrl(t.app), token);
    const notInvited = await outsider.emit('media:capabilities', { sessionId: briefing.sessionId });
    expect(notInvited.ok).toBe(false);
    const noRoom = await outsider.emit('media:transport:create', {
      sessionId: briefing.sessionId,
      direction: 'send',
    });
    expect(noRoom.ok).toBe(false);
    outsider.close();
  });

  it('a point cannot touch another point’s transports or producers', async () => {
    const dtlsParameters = {
      role: 'client',
      fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }],
    };
    const attempts = [
      b.emit('media:transport:connect', { transportId: sendId, dtlsParameters }),
      b.emit('media:ice:restart', { transportId: sendId }),
      b.emit('media:produce', {
        transportId: sendId,
        kind: 'audio',
        source: 'mic',
        rtpParameters: opus,
      }),
      b.emit('media:producer:close', { producerId: micId }),
    ];
    for (const ack of await Promise.all(attempts)) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await producersOfA()).toEqual([{ id: micId, paused: true }]);
  });

  it('bad payloads get a stable error code and change nothing', async () => {
    const s = briefing.sessionId;
    const cases: Array<[string, unknown, string]> = [
      ['media:capabilities', { sessionId: 'not-a-uuid' }, 'VALIDATION_FAILED'],
      ['media:capabilities', null, 'VALIDATION_FAILED'],
      ['media:transport:create', { sessionId: s, direction: 'sideways' }, 'VALIDATION_FAILED'],
      ['media:transport:create', { sessionId: s, direction: 'recv' }, 'VALIDATION_FAILED'],
      ['media:transport:create', { sessionId: randomUUID(), direction: 'send' }, 'FORBIDDEN'],
      ['media:transport:connect', { transportId: sendId, dtlsParameters: {} }, 'VALIDATION_FAILED'],
      ['media:ice:restart', { transportId: randomUUID() }, 'FORBIDDEN'],
      [
        'media:produce',
        { transportId: sendId, kind: 'video', source: 'mic', rtpParameters: opus },
        'VALIDATION_FAILED',
      ],
      [
        'media:produce',
        {
          transportId: sendId,
          kind: 'video',
          source: 'camera',
          rtpParameters: { codecs: [{ mimeType: 'video/AV1', payloadType: 45, clockRate: 90000 }] },
        },
        'VALIDATION_FAILED',
      ],
      [
        'media:produce',
        { transportId: sendId, kind: 'audio', source: 'mic', rtpParameters: { codecs: [{}] } },
        'VALIDATION_FAILED',
      ],
      ['media:producer:close', { producerId: 42 }, 'VALIDATION_FAILED'],
      ['media:stats', { anything: true }, 'VALIDATION_FAILED'],
      ['media:mic', { sessionId: s, pointCode: A, state: 'open' }, 'FORBIDDEN'],
    ];
    for (const [event, payload, code] of cases) {
      const ack = await a.emit(event, payload);
      expect({ event, payload, ack }).toMatchObject({ ack: { ok: false, error: { code } } });
      await sleep(30); // within the per-socket event budget
    }
    expect(await producersOfA()).toEqual([{ id: micId, paused: true }]);
  });

  it('no payload, however odd, takes the server down or reaches another point’s media', async () => {
    const events = [
      'media:capabilities',
      'media:transport:create',
      'media:transport:connect',
      'media:ice:restart',
      'media:produce',
      'media:producer:close',
      'media:stats',
      'media:mic',
    ];
    const known = new Set([
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'CONFLICT',
      'NOT_FOUND',
      'SESSION_NOT_LIVE',
      'RATE_LIMITED',
    ]);
    // Near misses of real payloads reach deeper than random values alone.
    const nearMiss = fc.record(
      {
        sessionId: fc.constantFrom(briefing.sessionId, randomUUID(), ''),
        transportId: fc.constantFrom(sendId, randomUUID(), 'x'),
        producerId: fc.constantFrom(micId, randomUUID()),
        direction: fc.constantFrom('send', 'recv', 'both'),
        kind: fc.constantFrom('audio', 'video', 'data'),
        source: fc.constantFrom('mic', 'camera', 'screen', 'tv'),
        rtpParameters: fc.oneof(fc.constant(opus), fc.object(), fc.anything()),
        dtlsParameters: fc.oneof(fc.object(), fc.anything()),
        state: fc.constantFrom('open', 'closed', 'auto', 'loud'),
        pointCode: fc.constantFrom(A, B, ''),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...events),
        fc.oneof(nearMiss, fc.anything()),
        async (event, payload) => {
          const ack = await b.emit(event, payload);
          if (!ack.ok) expect(known).toContain(ack.error?.code);
          await sleep(50);
        },
      ),
      { numRuns: 150 },
    );
    // A's microphone is still there and still closed; the server still answers.
    expect(await producersOfA()).toEqual([{ id: micId, paused: true }]);
    expect((await admin.get('/ready')).status).toBe(200);
  }, 60_000);

  it('a new microphone replaces the old one, which the server closes', async () => {
    const { producerId } = await data(a, 'media:produce', {
      transportId: sendId,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { ...opus, encodings: [{ ssrc: 2222 }] },
    });
    expect(producerId).not.toBe(micId);
    expect(await producersOfA()).toEqual([{ id: producerId, paused: true }]);
  });

  it('a dropped line keeps the media; the point back on a new socket replaces it; leaving ends it', async () => {
    const { sessionId } = briefing;
    const peersOfHall = () =>
      (t.app.media.existing(sessionId)?.peers() ?? []).filter((p) => p.code === HALL);
    const { token } = (await admin.post(`/api/v1/points/${HALL}/credentials`)).body;
    const joinMedia = async () => {
      const client = await TestClient.connect(baseUrl(t.app), token, sessionId);
      await client.firstSnapshot;
      await data(client, 'media:capabilities', { sessionId });
      await data(client, 'media:transport:create', { sessionId, direction: 'send' });
      return client;
    };

    // The line drops; socket.io recovers the same socket: the peer never went.
    const first = await joinMedia();
    const peer = peersOfHall()[0];
    expect(peersOfHall()).toHaveLength(1);
    const recovered = new Promise<void>((resolve) =>
      first.socket.once('connect', () => (first.socket.recovered ? resolve() : undefined)),
    );
    first.drop();
    await recovered;
    expect(peersOfHall()).toEqual([peer]);
    expect(peer?.closed).toBe(false);
    expect((await data(first, 'media:stats', {})).transports).toHaveLength(1);

    // The line drops for good, and the console comes back as a new socket.
    first.socket.io.reconnection(false);
    first.drop();
    await sleep(200);
    expect(peersOfHall()).toEqual([peer]); // kept for the recovery window
    const second = await joinMedia();
    expect(peer?.closed).toBe(true);
    expect(peersOfHall().map((p) => p.id)).toEqual([second.socket.id]);

    // A deliberate leave (the console closes) ends the media at once.
    second.close();
    await sleep(200);
    expect(peersOfHall()).toEqual([]);
  });
});
