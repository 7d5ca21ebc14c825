// Socket fuzzing setup: the pool of sockets, the state restored between events, its hints.
import type { Api } from '../api.js';
import { TestClient, waitUntil } from '../sockets.js';
import { Throttle } from './socket.js';
import type { Hints } from './values.js';

export interface Fuzzer {
  name: string;
  client: TestClient;
  throttle: Throttle;
  /** How often it is drawn: the media owners and those running the session get further. */
  weight: number;
  /** The session it is in after the handshake (put back there between events). */
  sessionId?: string;
}

const opus = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 1111 }],
};
const vp8 = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ ssrc: 2221, rid: 'r0' }],
  mid: '1',
};
const dtls = {
  role: 'client',
  fingerprints: [
    {
      algorithm: 'sha-256',
      value:
        'E5:F5:CA:A7:2D:93:E6:16:AC:21:09:9F:23:51:62:8C:D0:66:E9:0C:22:54:2B:82:0C:DF:E0:C5:2C:7E:CD:31',
    },
  ],
};

/** The protected session, its attendance, its speeches so far and its roll calls. */
export async function stored(admin: Api, id: string) {
  const session = (await admin.get(`/api/v1/sessions/${id}`)).body;
  const attendance = (await admin.get(`/api/v1/sessions/${id}/attendance`)).body.points.map(
    (p: any) => ({
      code: p.code,
      status: p.status,
      checkedIn: p.checkedIn,
      checkedInAt: p.checkedInAt,
    }),
  );
  const speakers = (await admin.get(`/api/v1/sessions/${id}/speakers`)).body;
  const rollCalls = (await admin.get(`/api/v1/sessions/${id}/rollcalls`)).body.rollCalls.map(
    (r: any) => ({ rollCallId: r.rollCallId, startedAt: r.startedAt }),
  );
  return { session, attendance, history: speakers.history, rollCalls };
}

export async function pointTokens(admin: Api, codes: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const code of codes) {
    tokens.push((await admin.post(`/api/v1/points/${code}/credentials`)).body.token);
  }
  return tokens;
}

export async function data(client: TestClient, event: string, payload: unknown): Promise<any> {
  const ack = await client.emit(event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** Answers the server's consumer offers in turn: ready, refused, garbage, never. */
export function answerOffers(client: TestClient): void {
  let n = 0;
  client.socket.on('media:consumer:new', (_offer: unknown, ack?: (r: unknown) => void) => {
    const answers = [{ ok: true, data: { ready: true } }, { ok: false }, 'garbage'];
    const answer = answers[n++ % 4];
    if (answer !== undefined) ack?.(answer);
  });
}

/** Connects a fuzzing socket (answering consumer offers) and adds it to the pool. */
export async function connect(
  pool: Fuzzer[],
  url: string,
  name: string,
  token: string,
  sessionId?: string,
  weight = 1,
): Promise<Fuzzer> {
  const client = await TestClient.connect(url, token, sessionId);
  answerOffers(client);
  const fuzzer: Fuzzer = {
    name,
    client,
    throttle: new Throttle(),
    weight,
    ...(sessionId ? { sessionId } : {}),
  };
  pool.push(fuzzer);
  return fuzzer;
}

/** The protected session, the other sessions, the sockets running it and the speech given. */
export interface Fixtures {
  sessionId: string;
  other: string[];
  adminSocket: Fuzzer;
  modSocket: Fuzzer;
  spoken: string;
}

async function quietly(f: Fuzzer, event: string, payload: unknown): Promise<any> {
  await f.throttle.take();
  const ack = await f.client.emit(event, payload).catch(() => undefined);
  return ack?.ok ? ack.data : undefined;
}

/**
 * Between events, the state the fuzzing may have undone comes back: every
 * socket in its session, the two media points with transports and a
 * microphone, points asking for the floor, an open roll call. The hints then
 * name what exists now, so handlers get past their first lookup.
 */
export async function restore(
  admin: Api,
  pool: Fuzzer[],
  fixtures: Fixtures,
  protectedCodes: string[],
): Promise<Hints> {
  const { sessionId, other, modSocket, spoken } = fixtures;
  await waitUntil(() => pool.every((f) => f.client.socket.connected), 10_000);
  for (const f of pool) {
    if (f.sessionId) await quietly(f, 'session:join', { sessionId: f.sessionId });
  }
  const haNoi = pool.find((f) => f.name === 'point ha-noi') as Fuzzer;
  const hue = pool.find((f) => f.name === 'point thua-thien-hue') as Fuzzer;
  const daNang = pool.find((f) => f.name === 'point da-nang') as Fuzzer;
  const transports: string[] = [];
  const producers: string[] = [];
  let caps: unknown;
  for (const f of [haNoi, hue]) {
    caps = (await quietly(f, 'media:capabilities', { sessionId }))?.routerRtpCapabilities ?? caps;
    const stats = await quietly(f, 'media:stats', {});
    const have = new Set<string>(stats?.transports.map((x: any) => x.direction) ?? []);
    transports.push(...(stats?.transports.map((x: any) => x.id) ?? []));
    producers.push(...(stats?.producers.map((x: any) => x.id) ?? []));
    if (f === haNoi && !have.has('send')) {
      const send = await quietly(f, 'media:transport:create', { sessionId, direction: 'send' });
      if (send) {
        transports.push(send.id);
        const mic = await quietly(f, 'media:produce', {
          transportId: send.id,
          kind: 'audio',
          source: 'mic',
          rtpParameters: opus,
        });
        if (mic) producers.push(mic.producerId);
      }
    }
    if (f === hue && !have.has('recv') && caps) {
      const recv = await quietly(f, 'media:transport:create', {
        sessionId,
        direction: 'recv',
        rtpCapabilities: caps,
      });
      if (recv) transports.push(recv.id);
    }
  }
  // Nobody holds the floor, so a grant can get through.
  await quietly(fixtures.adminSocket, 'speaker:end', { sessionId });
  const entries = [spoken];
  for (const f of [hue, daNang]) {
    const asked = await quietly(f, 'speaker:request', { sessionId, agendaPosition: 1 });
    if (asked) entries.push(asked.entryId);
  }
  await quietly(modSocket, 'rollcall:start', { sessionId, seconds: 600 });
  const rollCalls = (await admin.get(`/api/v1/sessions/${sessionId}/rollcalls`)).body.rollCalls;
  const rollCallIds = rollCalls.map((r: any) => r.rollCallId).slice(0, 3);
  return {
    uuid: [sessionId, ...other, ...entries, ...rollCallIds, ...transports, ...producers],
    sessionId: [sessionId, sessionId, ...other],
    entryId: entries,
    rollCallId: rollCallIds,
    transportId: transports.length ? transports : [sessionId],
    producerId: producers.length ? producers : [sessionId],
    pointCode: [...protectedCodes, 'can-tho', 'an-giang'],
    key: ['k1', 'k2'],
    rtpParameters: [opus, vp8],
    ...(caps ? { rtpCapabilities: [caps] } : {}),
    dtlsParameters: [dtls],
  };
}
