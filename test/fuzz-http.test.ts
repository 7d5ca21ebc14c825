import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { routeHints, stored } from './support/fuzz/http-setup.js';
import {
  type Finding,
  FindingGroups,
  FUZZ_SEED,
  type Hints,
  type HttpAnswer,
  type HttpCase,
  httpCases,
  httpViolation,
  isHang,
  MAX_HANGS,
  preview,
  previewUrl,
  problemCode,
  type Route,
  routesOf,
  runs,
  ServerErrors,
  SHRINK,
  seedFor,
  TRACE,
  viaFetch,
  viaInject,
  viaRawSocket,
} from './support/fuzz/index.js';
import { TestClient } from './support/sockets.js';

/**
 * Every route of the OpenAPI document, fuzzed: plausible requests built from
 * the documented parameters and bodies, with bad values mixed in (NUL, lone
 * surrogates, long strings, edge date-times, huge and non-finite numbers,
 * upper-case ids, wrong types, deep nesting, empty bodies, broken URL
 * encoding), some requests sent twice at once (races between equal writes),
 * in process (app.inject) and over the network (fetch, and raw bytes on a TCP
 * socket for what no URL parser sends). Whatever comes in, the answer is a
 * 2xx/3xx or a 4xx problem+json with a string `code`: never a 5xx, never a
 * hang. A route added to the document is fuzzed without touching this file.
 *
 * Reads may touch the protected live session; writes aim only at victim
 * sessions, points, a user and credentials, so the last test can check that
 * nothing stored before the fuzzing was lost.
 *
 * Failures are reported grouped by cause, each with its smallest input, the
 * routes it showed on and the server's log line. FUZZ_SEED=<n> replays a run,
 * FUZZ_RUNS=<factor> scales it, FUZZ_SHRINK=1 stops each route at its first
 * failure and shrinks it, FUZZ_TRACE=<text> prints the traffic of matching routes.
 */

const PROTECTED = ['trung-uong', 'ha-noi', 'thua-thien-hue', 'da-nang'];
const VICTIMS = ['can-tho', 'ca-mau', 'bac-lieu'];

let t: TestApp;
let admin: Api;
let url: string;
let errors: ServerErrors;
let briefing: Briefing;
let adminSocket: TestClient;
let routes: Route[];
/** What no fuzzed request may take away. */
let before: Awaited<ReturnType<typeof stored>>;
let callers: Record<string, string | undefined>;
let readHints: Hints;
let writeHints: Hints;
/** Callers drawn with these weights: mostly the secretariat, who may do everything. */
const CALLER_DRAW = [
  'secretariat',
  'secretariat',
  'secretariat',
  'secretariat',
  'secretariat',
  'secretariat',
  'secretariat',
  'secretariat',
  'point',
  'point',
  'moderator',
  'anonymous',
  'forged',
  'basic',
];

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2019', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' },
    listen: true,
  });
  errors = new ServerErrors(t.app);
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  const moderator = await admin.user('fuzz-mod', 'moderator');
  await admin.user('fuzz-chair', 'chair');
  await admin.user('fuzz-victim', 'observer');

  // The protected session: live, every point checked in, a speech given, one asking, a roll call.
  briefing = await liveBriefing(admin, url, PROTECTED, {
    day: 1,
    chair: 'fuzz-chair',
    moderators: ['fuzz-mod'],
  });
  const sessionId = briefing.sessionId;
  adminSocket = await TestClient.connect(url, admin.token as string);
  const haNoi = briefing.points.get('ha-noi') as TestClient;
  const hue = briefing.points.get('thua-thien-hue') as TestClient;
  const spoke = await haNoi.emit('speaker:request', { sessionId, topic: 'Báo cáo' });
  const entryId = (spoke as any).data.entryId as string;
  expect((await adminSocket.emit('speaker:grant', { sessionId, entryId, seconds: 60 })).ok).toBe(
    true,
  );
  expect((await adminSocket.emit('speaker:end', { sessionId })).ok).toBe(true);
  const asking = (await hue.emit('speaker:request', { sessionId })) as any;
  const rollCall = (await adminSocket.emit('rollcall:start', { sessionId, seconds: 600 })) as any;
  expect(rollCall.ok).toBe(true);

  // What fuzzed writes may change: other sessions, points, a user, credentials.
  const victimSessions: string[] = [];
  for (const [i, status] of ['draft', 'scheduled', 'checkin'].entries()) {
    const res = await admin.post('/api/v1/sessions', {
      title: `Phiên ${status}`,
      kind: 'thematic',
      urgent: true,
      draft: status === 'draft',
      startsAt: inDays(60 + i * 2),
      endsAt: inDays(60 + i * 2, 2),
      invitedPointCodes: VICTIMS,
      chairUsername: 'fuzz-chair',
      agenda: [{ title: 'Một', plannedSpeeches: 3 }],
    });
    expect(res.status).toBe(201);
    if (status === 'checkin') {
      const opened = await admin.post(`/api/v1/sessions/${res.body.id}/status`, {
        status: 'checkin',
      });
      expect(opened.status).toBe(200);
    }
    victimSessions.push(res.body.id);
  }
  // Several credentials per victim point: revoking one (twice at once) can be tried more than once.
  const credentialIds: string[] = [];
  const credentialPaths: Array<{ code: string; credentialId: string }> = [];
  for (const code of [...VICTIMS, ...VICTIMS, ...VICTIMS]) {
    const res = await admin.post(`/api/v1/points/${code}/credentials`, { label: 'fuzz' });
    credentialIds.push(res.body.id);
    credentialPaths.push({ code, credentialId: res.body.id });
  }
  const point = await admin.point('thua-thien-hue');

  callers = {
    secretariat: admin.token,
    point: point.token,
    moderator: moderator.token,
    anonymous: undefined,
    forged: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
    basic: 'Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=',
  };
  const knownIds = [
    sessionId,
    ...victimSessions,
    entryId,
    asking.data.entryId,
    rollCall.data.rollCallId,
    ...credentialIds,
  ].filter(Boolean);
  ({ readHints, writeHints } = routeHints({
    protectedCodes: PROTECTED,
    victims: VICTIMS,
    sessionId,
    victimSessions,
    knownIds,
    credentialIds,
    credentialPaths,
  }));

  const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(doc.statusCode).toBe(200);
  routes = routesOf(doc.json());
  before = await stored(admin, briefing.sessionId);
  errors.take();
}, 60_000);

afterAll(async () => {
  adminSocket?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await t?.close();
});

const label = (r: Route) => `${r.method} ${r.path}`;

/**
 * A bulk reissue (`replace: true`) revokes every credential of its selection
 * — by kind or parent, the protected session's points too, which is what it
 * is for. Fuzzed, it issues without revoking, so the protected session stays.
 */
function spareProtected(c: HttpCase): HttpCase {
  if (c.method !== 'POST' || !c.url.startsWith('/api/v1/credentials') || !c.body) return c;
  try {
    const body = JSON.parse(c.body);
    if (body && typeof body === 'object' && body.replace === true)
      return { ...c, body: JSON.stringify({ ...body, replace: false }) };
  } catch {}
  return c;
}
const hintsFor = (r: Route) => (r.method === 'GET' ? readHints : writeHints);

function reportCase(c: HttpCase): string {
  const headers = Object.entries(c.headers)
    .filter(([k]) => k !== 'authorization')
    .map(([k, v]) => `${k}: ${v}`);
  const body = c.body === undefined ? '' : ` body=${preview(c.shown.body ?? c.body)}`;
  return `${c.twice ? 'twice at once: ' : ''}${c.method} ${previewUrl(c.url)} as ${c.caller}${headers.length ? ` [${headers.join('; ')}]` : ''}${body}`;
}

/**
 * One fast-check property per route, seeded per route. Every failing input
 * goes into `into` (grouped by cause) and fuzzing goes on; with FUZZ_SHRINK=1
 * each route stops at its first failure, shrunk by fast-check.
 */
async function fuzzRoutes(
  name: string,
  targets: Route[],
  numRuns: number,
  send: (c: HttpCase) => Promise<HttpAnswer>,
  into: FindingGroups,
  options: { extraSegments?: readonly string[]; stats?: Map<string, Map<string, number>> } = {},
): Promise<void> {
  for (const route of targets) {
    const seed = seedFor(`${name} ${label(route)}`);
    const found = new WeakMap<HttpCase, Finding>();
    let run = 0;
    let hangs = 0;
    const property = fc.asyncProperty(
      httpCases(route, {
        hints: hintsFor(route),
        callers: Object.fromEntries(CALLER_DRAW.map((c, i) => [`${c}#${i}`, callers[c]])),
        ...(options.extraSegments ? { extraSegments: options.extraSegments } : {}),
      }),
      async (drawn) => {
        const c = spareProtected(drawn);
        run++;
        if (hangs >= MAX_HANGS) return true;
        errors.take();
        let problem: string | undefined;
        try {
          const answers = await Promise.all(c.twice ? [send(c), send(c)] : [send(c)]);
          const answer = answers.find((a) => httpViolation(a)) ?? (answers[0] as HttpAnswer);
          problem = httpViolation(answer);
          if (TRACE && label(route).includes(TRACE)) {
            console.log(`${reportCase(c)}\n  → ${answer.status} ${answer.body.slice(0, 300)}`);
          }
          const key =
            answer.status >= 400
              ? `${answer.status} ${problemCode(answer)}`
              : String(answer.status);
          const perRoute = options.stats?.get(label(route)) ?? new Map<string, number>();
          perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
          options.stats?.set(label(route), perRoute);
        } catch (err) {
          problem = (err as Error).message;
          if (isHang(problem)) hangs++;
        }
        const serverLog = errors.take();
        if (!problem) return true;
        const finding: Finding = {
          target: label(route),
          input: reportCase(c),
          answer: problem,
          serverLog,
          seed,
          path: String(run - 1),
        };
        if (!SHRINK) {
          into.add(finding);
          return true;
        }
        found.set(c, finding);
        return false;
      },
    );
    const details = await fc.check(property, {
      seed,
      numRuns,
      plugins: [fc.interruptAfterTimeLimit(30_000)],
    });
    if (details.failed && details.counterexample) {
      const [c] = details.counterexample as unknown as [HttpCase];
      const finding = found.get(c);
      into.add({
        target: label(route),
        input: reportCase(c),
        answer: finding?.answer ?? String(details.errorInstance ?? 'failed'),
        serverLog: finding?.serverLog ?? [],
        seed,
        ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      });
    }
  }
}

describe('fuzzing every documented route', () => {
  it('reads the routes from the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const names = routes.map(label);
    expect(names).toEqual(
      expect.arrayContaining(['POST /api/v1/sessions', 'GET /api/v1/audit', 'GET /health']),
    );
    // Plausible values reach past the first lookup.
    expect(routes.some((r) => r.parameters.some((p) => p.in === 'path'))).toBe(true);
  });

  it('in process: bad input gets a 4xx problem with a code, never a 5xx or a hang', async () => {
    const stats = new Map<string, Map<string, number>>();
    const found = new FindingGroups();
    await fuzzRoutes('inject', routes, runs(250), (c) => viaInject(t.app, c), found, { stats });
    const table = [...stats.entries()]
      .map(
        ([route, counts]) =>
          `  ${route}: ${[...counts.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k}×${n}`)
            .join(' ')}`,
      )
      .join('\n');
    console.log(`fuzz-http (FUZZ_SEED=${FUZZ_SEED}) answers per route:\n${table}`);
    // Every route was exercised, and plausible values got requests past validation and access.
    for (const route of routes) {
      const counts = [...(stats.get(label(route))?.keys() ?? [])];
      expect(counts.length, `${label(route)} was not fuzzed`).toBeGreaterThan(0);
      if (!SHRINK) {
        expect(
          counts.some((k) => !/^400 (VALIDATION_FAILED|BAD_REQUEST)$|^40[13] /.test(k)),
          `${label(route)} never got past validation and access`,
        ).toBe(true);
      }
    }
    expect(found.size, `distinct failures:\n${found.report()}\n`).toBe(0);
  }, 150_000);

  it('over the network: broken URL encoding and over-long parameters before routing', async () => {
    const found = new FindingGroups();
    // Routes with parameters are where decoding and length limits bite.
    const withParams = routes.filter((r) => r.parameters.length > 0);
    await fuzzRoutes('fetch', withParams, runs(25), (c) => viaFetch(url, c), found, {
      extraSegments: ['a'.repeat(20_000), '%ff'.repeat(200)],
    });
    // Byte for byte, what no URL parser would send.
    const port = Number(new URL(url).port);
    const rawCases = fc.record({
      route: fc.constantFrom(...routes),
      bad: fc.constantFrom(
        ' x',
        '\u0000',
        '\u00ff',
        '\u007f',
        '\t',
        'é',
        '"<>{}|\\^`',
        '#frag',
        '?a=\u0000',
        'a'.repeat(70_000),
      ),
      form: fc.constantFrom('path', 'no-slash', 'absolute', 'asterisk'),
      header: fc.constantFrom(
        '',
        'Content-Length: -1\r\n',
        'Content-Length: 1e3\r\n',
        'Transfer-Encoding: chunked\r\n',
        `X-Big: ${'h'.repeat(70_000)}\r\n`,
        'Bad Header\r\n',
      ),
    });
    const rawSeed = seedFor('raw');
    let run = 0;
    await fc.check(
      fc.asyncProperty(rawCases, async (r) => {
        run++;
        const path = r.route.path.replace(/\{[^}]+\}/g, r.bad);
        const target =
          r.form === 'path'
            ? path
            : r.form === 'no-slash'
              ? path.slice(1)
              : r.form === 'absolute'
                ? `http://127.0.0.1:${port}${path}`
                : '*';
        const head = Buffer.from(
          `${r.route.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${r.header}Connection: close\r\n\r\n${
            r.header.startsWith('Transfer') ? 'zz\r\n\r\n' : ''
          }`,
          'latin1',
        );
        const problem = await viaRawSocket(port, head).then(
          httpViolation,
          (err: Error) => err.message,
        );
        if (problem) {
          found.add({
            target: `raw ${label(r.route)}`,
            input: `${r.route.method} <${r.form} target, ${preview(r.bad)} for each parameter> + header ${preview(r.header)}`,
            answer: problem,
            serverLog: errors.take(),
            seed: rawSeed,
            path: String(run - 1),
          });
        }
        return true;
      }),
      { seed: rawSeed, numRuns: runs(40), plugins: [fc.interruptAfterTimeLimit(30_000)] },
    );
    expect(found.size, `distinct failures:\n${found.report()}\n`).toBe(0);
  }, 120_000);

  it('the server is still up and nothing stored before the fuzzing was lost', async () => {
    expect((await admin.get('/health')).status).toBe(200);
    expect((await admin.get('/ready')).status).toBe(200);
    expect((await admin.get('/api/v1/auth/me')).status).toBe(200);
    const after = await stored(admin, briefing.sessionId);
    expect(after.session).toEqual(before.session);
    expect(after.attendance).toEqual(before.attendance);
    expect(after.speakers).toEqual(before.speakers);
    expect(after.rollCalls).toEqual(before.rollCalls);
    expect(after.points).toEqual(expect.arrayContaining(before.points));
    expect(after.users).toEqual(expect.arrayContaining(before.users));
    // The live sockets of the protected session are still connected.
    for (const client of briefing.points.values()) expect(client.socket.connected).toBe(true);
  });
});
