import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handledEvents } from '../src/realtime/dispatch.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import {
  ANSWER_TIMEOUT_MS,
  ackViolation,
  emitFuzzed,
  type Finding,
  FindingGroups,
  FUZZ_SEED,
  fitsSocketMessage,
  type Hints,
  isHang,
  LONG_STRINGS,
  MAX_HANGS,
  preview,
  previewPayload,
  runs,
  type Schema,
  ServerErrors,
  SHRINK,
  seedFor,
  socketPayloads,
  socketTwice,
  Throttle,
  TRACE,
  TRICKY_STRINGS,
  uuidVariants,
  within,
} from './support/fuzz/index.js';
import {
  answerOffers,
  connect,
  data,
  type Fixtures,
  type Fuzzer,
  pointTokens,
  restore,
  stored,
} from './support/fuzz/socket-setup.js';
import { type TestClient, waitUntil } from './support/sockets.js';

/**
 * Every client → server event the server registers (`handledEvents()`, filled
 * by `handle()`), fuzzed over real socket.io connections of points, people
 * running the session and the secretariat: payloads derived from each
 * event's TypeBox schema with bad values mixed in, plus emits without a
 * payload or with extra arguments, some sent twice at once. Every event is
 * answered within 10 s, never with `INTERNAL`, and the connection stays up.
 * An event added to the server is fuzzed without touching this file. Between
 * events the fixtures are restored (sockets back in their session, media
 * transports and a microphone, points asking for the floor, an open roll
 * call) so each event's handler gets past its first lookup. The handshake's
 * `auth` is fuzzed too.
 *
 * Failures are reported grouped by cause, each with its smallest input, the
 * events it showed on and the server's log line. FUZZ_SEED=<n> replays a run,
 * FUZZ_RUNS=<factor> scales it, FUZZ_SHRINK=1 stops each event at its first
 * failure and shrinks it, FUZZ_TRACE=<text> prints the traffic of matching events.
 */

const PROTECTED = ['trung-uong', 'ha-noi', 'thua-thien-hue', 'da-nang', 'hai-phong'];

let t: TestApp;
let admin: Api;
let url: string;
let errors: ServerErrors;
let briefing: Briefing;
let hints: Hints;
let before: Awaited<ReturnType<typeof stored>>;

const pool: Fuzzer[] = [];
let fixtures: Fixtures;

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2019', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' },
    listen: true,
  });
  errors = new ServerErrors(t.app);
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  const moderator = await admin.user('fuzz-mod', 'moderator');
  const chair = await admin.user('fuzz-chair', 'chair');

  // The protected session: live, five points checked in, a speech given, two asking, a roll call.
  briefing = await liveBriefing(admin, url, PROTECTED, {
    day: 1,
    chair: 'fuzz-chair',
    moderators: ['fuzz-mod'],
  });
  const sessionId = briefing.sessionId;
  // Another session in check-in (its points not checked in), one merely scheduled.
  const other: string[] = [];
  for (const [i, status] of ['checkin', 'scheduled'].entries()) {
    const res = await admin.post('/api/v1/sessions', {
      title: `Phiên ${status}`,
      kind: 'thematic',
      urgent: true,
      startsAt: inDays(3 + i * 2),
      endsAt: inDays(3 + i * 2, 2),
      invitedPointCodes: ['can-tho', 'ca-mau'],
      moderatorUsernames: ['fuzz-mod'],
    });
    expect(res.status).toBe(201);
    if (status === 'checkin') {
      const opened = await admin.post(`/api/v1/sessions/${res.body.id}/status`, {
        status: 'checkin',
      });
      expect(opened.status).toBe(200);
    }
    other.push(res.body.id);
  }

  for (const [code, client] of briefing.points) {
    answerOffers(client);
    const weight = code === 'ha-noi' || code === 'thua-thien-hue' ? 4 : 2;
    pool.push({
      name: `point ${code}`,
      client,
      throttle: new Throttle(20),
      weight,
      sessionId: briefing.sessionId,
    });
  }
  const adminSocket = await connect(pool, url, 'secretariat', admin.token as string, undefined, 2);
  await connect(pool, url, 'secretariat (in session)', admin.token as string, sessionId);
  const modSocket = await connect(pool, url, 'moderator', moderator.token as string, sessionId, 2);
  await connect(pool, url, 'moderator (no session)', moderator.token as string);
  await connect(pool, url, 'chair', chair.token as string, sessionId);
  for (const [code, session] of [
    ['ha-noi', sessionId],
    ['can-tho', other[0]],
    ['ca-mau', other[0]],
    ['an-giang', undefined],
  ] as const) {
    const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
    await connect(pool, url, `point ${code}${session ? '' : ' (not invited)'}`, token, session);
  }

  const haNoi = briefing.points.get('ha-noi') as TestClient;
  const spoke = await data(haNoi, 'speaker:request', { sessionId, topic: 'Báo cáo', key: 'k1' });
  await data(adminSocket.client, 'speaker:grant', { sessionId, entryId: spoke.entryId });
  await data(adminSocket.client, 'speaker:end', { sessionId });
  fixtures = { sessionId, other, adminSocket, modSocket, spoken: spoke.entryId };
  hints = await restore(admin, pool, fixtures, PROTECTED);
  before = await stored(admin, briefing.sessionId);
  errors.take();
}, 60_000);

afterAll(async () => {
  for (const f of pool) f.client.close();
  await t?.close();
});

const NOT_PAST_VALIDATION = new Set(['VALIDATION_FAILED', 'RATE_LIMITED']);

describe('fuzzing every socket event', () => {
  it('reads the events the server handles', () => {
    const events = [...handledEvents().keys()];
    expect(events.length).toBeGreaterThanOrEqual(20);
    expect(events).toEqual(
      expect.arrayContaining([
        'session:join',
        'attendance:check-in',
        'speaker:grant',
        'media:produce',
      ]),
    );
  });

  it('every event is acknowledged within 10 s, never INTERNAL, and the line stays up', async () => {
    const events = [...handledEvents().entries()] as Array<[string, Schema]>;
    const found = new FindingGroups();
    const stats = new Map<string, Map<string, number>>();
    let skipped = 0;
    for (const [event, schema] of events) {
      hints = await restore(admin, pool, fixtures, PROTECTED);
      const seed = seedFor(`socket ${event}`);
      const shrunk = new WeakMap<object, Finding>();
      let run = 0;
      let hangs = 0;
      const cases = fc.record({
        socket: fc.constantFrom(...pool.flatMap((f, i) => Array<number>(f.weight).fill(i))),
        payload: socketPayloads(schema, hints),
        twice: socketTwice,
      });
      const property = fc.asyncProperty(cases, async (c) => {
        run++;
        if (hangs >= MAX_HANGS) return true;
        if (!fitsSocketMessage(c.payload)) {
          skipped++;
          return true;
        }
        const fuzzer = pool[c.socket] as Fuzzer;
        const { socket } = fuzzer.client;
        if (!socket.connected) {
          await waitUntil(() => socket.connected, 10_000).catch(() => socket.connect());
        }
        await fuzzer.throttle.take();
        if (c.twice) await fuzzer.throttle.take();
        errors.take();
        let problem: string | undefined;
        try {
          const acks = await Promise.all(
            (c.twice ? [1, 2] : [1]).map(() => emitFuzzed(socket, event, c.payload)),
          );
          const ack = acks.find((a) => ackViolation(a)) ?? acks[0];
          problem = ackViolation(ack);
          const a = ack as { ok?: boolean; error?: { code?: string } };
          const key = a?.ok ? 'ok' : String(a?.error?.code);
          const perEvent = stats.get(event) ?? new Map<string, number>();
          perEvent.set(key, (perEvent.get(key) ?? 0) + 1);
          stats.set(event, perEvent);
          if (TRACE && event.includes(TRACE)) {
            console.log(
              `${fuzzer.name}: ${event} ${previewPayload(c.payload)}\n  → ${JSON.stringify(ack).slice(0, 300)}`,
            );
          }
        } catch (err) {
          const message = (err as Error).message;
          problem = /timed out/i.test(message) ? `no ack within 10 s (${message})` : message;
          if (isHang(problem)) hangs++;
        }
        if (!problem && !socket.connected) problem = 'the server closed the connection';
        const serverLog = errors.take();
        if (!problem) return true;
        const finding: Finding = {
          target: event,
          input: `${c.twice ? 'twice at once ' : ''}as ${fuzzer.name}: ${previewPayload(c.payload)}`,
          answer: problem,
          serverLog,
          seed,
          path: String(run - 1),
        };
        if (!SHRINK) {
          found.add(finding);
          return true;
        }
        shrunk.set(c, finding);
        return false;
      });
      const details = await fc.check(property, {
        seed,
        numRuns: runs(150),
        plugins: [fc.interruptAfterTimeLimit(30_000)],
      });
      if (details.failed && details.counterexample) {
        const [c] = details.counterexample as unknown as [
          { socket: number; payload: unknown; twice: boolean },
        ];
        const finding = shrunk.get(c);
        found.add({
          target: event,
          input: finding?.input ?? `as ${pool[c.socket]?.name}: ${previewPayload(c.payload)}`,
          answer: finding?.answer ?? String(details.errorInstance ?? 'failed'),
          serverLog: finding?.serverLog ?? [],
          seed,
          ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
        });
      }
    }
    const table = [...stats.entries()]
      .map(
        ([event, counts]) =>
          `  ${event}: ${[...counts.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k}×${n}`)
            .join(' ')}`,
      )
      .join('\n');
    console.log(
      `fuzz-socket (FUZZ_SEED=${FUZZ_SEED}) acks per event (${skipped} payloads over 1 MB not sent):\n${table}`,
    );
    // Every event was exercised, and plausible payloads got past validation into the handler.
    for (const [event] of events) {
      const counts = [...(stats.get(event)?.keys() ?? [])];
      expect(counts.length, `${event} was not fuzzed`).toBeGreaterThan(0);
      if (!SHRINK) {
        expect(
          counts.some((k) => !NOT_PAST_VALIDATION.has(k)),
          `${event} never got past validation`,
        ).toBe(true);
      }
    }
    expect(found.size, `distinct failures:\n${found.report()}\n`).toBe(0);
  }, 180_000);

  it('the handshake: any auth gets a connection or a connect_error with a code, within 10 s', async () => {
    const { sessionId, other } = fixtures;
    const tokens = [admin.token, ...(await pointTokens(admin, ['ha-noi', 'an-giang']))] as string[];
    const auth = fc.record(
      {
        token: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...tokens) },
          {
            weight: 2,
            arbitrary: fc.constantFrom(
              ...tokens.map((tk) => `Bearer ${tk}`),
              ...tokens.map((tk) => `${tk}\u0000`),
              ...tokens.map((tk) => tk.toUpperCase()),
              'gbp_',
              `gbp_${'0'.repeat(64)}`,
              'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
            ),
          },
          { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS, ...LONG_STRINGS.slice(0, 4)) },
          { weight: 1, arbitrary: fc.constantFrom(null, 0, 1e308, true, [], {}, ['x'], { a: 1 }) },
        ),
        sessionId: fc.constantFrom(
          sessionId,
          sessionId.toUpperCase(),
          ...other,
          '00000000-0000-4000-8000-000000000000',
          ...uuidVariants(sessionId),
          ...TRICKY_STRINGS,
          42,
          null,
          [sessionId],
        ),
        extra: fc.constantFrom('x', 1, null),
      },
      { requiredKeys: [] },
    );
    const found = new FindingGroups();
    const seed = seedFor('handshake');
    let run = 0;
    const outcomes = new Map<string, number>();
    await fc.check(
      fc.asyncProperty(auth, async (a) => {
        run++;
        errors.take();
        const socket = io(url, {
          transports: ['websocket'],
          auth: a as Record<string, unknown>,
          reconnection: false,
          timeout: ANSWER_TIMEOUT_MS,
        });
        const result = await within(
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (err) => resolve(`connect_error ${err.message}`));
          }),
        ).catch((err: Error) => err.message);
        socket.close();
        outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
        const fine = result === 'connected' || /^connect_error [A-Z_]+$/.test(result);
        if (!fine || result === 'connect_error INTERNAL') {
          found.add({
            target: 'handshake',
            input: `auth ${preview(a)}`,
            answer: result,
            serverLog: errors.take(),
            seed,
            path: String(run - 1),
          });
        }
        return true;
      }),
      { seed, numRuns: runs(80), plugins: [fc.interruptAfterTimeLimit(30_000)] },
    );
    console.log(`fuzz-socket handshakes: ${[...outcomes].map(([k, n]) => `${k}×${n}`).join(' ')}`);
    expect(outcomes.get('connected') ?? 0).toBeGreaterThan(0);
    expect(found.size, `distinct failures:\n${found.report()}\n`).toBe(0);
  });

  it('the server is still up and nothing stored before the fuzzing was lost', async () => {
    expect((await admin.get('/health')).status).toBe(200);
    expect((await admin.get('/ready')).status).toBe(200);
    const after = await stored(admin, briefing.sessionId);
    expect(after.session).toEqual(before.session);
    expect(after.attendance).toEqual(before.attendance);
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    expect(after.rollCalls).toEqual(expect.arrayContaining(before.rollCalls));
    // Every fuzzing socket is still connected and answered.
    for (const f of pool) {
      await waitUntil(() => f.client.socket.connected, 10_000);
      const ack = await f.client.emit('media:stats', {});
      expect(ack.ok === true || ack.error.code !== 'INTERNAL', f.name).toBe(true);
    }
  });
});
