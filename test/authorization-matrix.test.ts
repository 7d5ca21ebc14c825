import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Every route × every kind of caller. A route in the OpenAPI document without
 * a row here fails the suite, so a new route cannot ship without a rule.
 *
 * Allowed callers of write routes are sent an invalid body or an unknown id:
 * the answer (400/404/409) shows they passed the access check, and nothing changes.
 */
const CALLERS = ['anonymous', 'secretariat', 'chair', 'moderator', 'observer', 'point'] as const;
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

const all = (status: number): Expect =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
/** 401 anonymous; `allowed` for the listed callers; 403 for the others. */
const only = (allowed: number, ...who: Caller[]): Expect =>
  Object.fromEntries(
    CALLERS.map((c) => [c, c === 'anonymous' ? 401 : who.includes(c) ? allowed : 403]),
  ) as Expect;
const people: Caller[] = ['secretariat', 'chair', 'moderator', 'observer'];

interface Fixtures {
  session: string; // chaired by `chair`, moderated by `moderator`, invites the point
  otherSession: string; // no role for chair/moderator, does not invite the point
  point: string;
  otherPoint: string;
  credential: string;
}

interface Case {
  route: string; // METHOD /openapi/{path}
  why?: string;
  request: (f: Fixtures) => { url: string; body?: unknown; headers?: Record<string, string> };
  expect: Expect;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const cases: Case[] = [
  { route: 'GET /health', request: () => ({ url: '/health' }), expect: all(200) },
  { route: 'GET /ready', request: () => ({ url: '/ready' }), expect: all(200) },
  { route: 'GET /metrics', request: () => ({ url: '/metrics' }), expect: all(200) },

  {
    route: 'POST /api/v1/auth/login',
    why: 'public; invalid body',
    request: () => ({ url: '/api/v1/auth/login', body: {} }),
    expect: all(400),
  },
  {
    route: 'GET /api/v1/auth/me',
    request: () => ({ url: '/api/v1/auth/me' }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'POST /api/v1/auth/refresh',
    request: () => ({ url: '/api/v1/auth/refresh' }),
    expect: only(200, ...people),
  },
  {
    route: 'POST /api/v1/auth/password',
    request: () => ({ url: '/api/v1/auth/password', body: {} }),
    expect: only(400, ...people),
  },

  {
    route: 'POST /api/v1/users',
    request: () => ({ url: '/api/v1/users', body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'GET /api/v1/users',
    request: () => ({ url: '/api/v1/users' }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'GET /api/v1/users/{username}',
    request: () => ({ url: '/api/v1/users/matrix-chair' }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'PATCH /api/v1/users/{username}',
    request: () => ({ url: '/api/v1/users/matrix-chair', body: {} }),
    expect: only(400, 'secretariat'),
  },

  {
    route: 'GET /api/v1/points',
    request: () => ({ url: '/api/v1/points' }),
    expect: only(200, ...people),
  },
  {
    route: 'POST /api/v1/points',
    request: () => ({ url: '/api/v1/points', body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'POST /api/v1/points/import',
    request: () => ({
      url: '/api/v1/points/import',
      body: 'not,a\ncsv',
      headers: { 'content-type': 'text/csv' },
    }),
    expect: only(422, 'secretariat'),
  },
  {
    route: 'GET /api/v1/points/{code}',
    why: "the point's own",
    request: (f) => ({ url: `/api/v1/points/${f.point}` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/points/{code}',
    why: 'another point',
    request: (f) => ({ url: `/api/v1/points/${f.otherPoint}` }),
    expect: { ...only(200, ...people, 'point'), point: 403 },
  },
  {
    route: 'PATCH /api/v1/points/{code}',
    request: (f) => ({ url: `/api/v1/points/${f.point}`, body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'DELETE /api/v1/points/{code}',
    request: () => ({ url: '/api/v1/points/no-such-point' }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'POST /api/v1/points/{code}/credentials',
    request: () => ({ url: '/api/v1/points/no-such-point/credentials', body: {} }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'GET /api/v1/points/{code}/credentials',
    request: (f) => ({ url: `/api/v1/points/${f.point}/credentials` }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'GET /api/v1/credentials',
    request: () => ({ url: '/api/v1/credentials?kind=province' }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'GET /api/v1/points/{code}/calendar-feed',
    request: (f) => ({ url: `/api/v1/points/${f.point}/calendar-feed` }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'GET /api/v1/calendar-feed',
    request: () => ({ url: '/api/v1/calendar-feed' }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'POST /api/v1/calendar-feed/rotate',
    request: () => ({ url: '/api/v1/calendar-feed/rotate', body: {} }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/record',
    why: 'the secretariat and the chair of the session; an unknown session is 404 (no record made)',
    request: () => ({ url: `/api/v1/sessions/${UNKNOWN_ID}/record`, body: {} }),
    expect: only(404, 'secretariat', 'chair'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/record',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/record` }),
    expect: only(200, 'secretariat', 'chair'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/record.pdf',
    why: 'an unknown session: the first download would issue a version',
    request: () => ({ url: `/api/v1/sessions/${UNKNOWN_ID}/record.pdf` }),
    expect: only(404, 'secretariat', 'chair'),
  },
  {
    route: 'GET /api/v1/records/verify',
    request: () => ({ url: `/api/v1/records/verify?sha256=${'0'.repeat(64)}` }),
    expect: only(200, ...people),
  },
  {
    route: 'GET /api/v1/feeds/{file}',
    why: 'public: the secret URL is the credential; an unknown one is 404',
    request: () => ({ url: `/api/v1/feeds/${'x'.repeat(32)}.ics` }),
    expect: all(404),
  },
  {
    route: 'DELETE /api/v1/points/{code}/credentials/{credentialId}',
    request: (f) => ({ url: `/api/v1/points/${f.point}/credentials/${UNKNOWN_ID}` }),
    expect: only(404, 'secretariat'),
  },

  {
    route: 'POST /api/v1/sessions',
    request: () => ({ url: '/api/v1/sessions', body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'GET /api/v1/sessions',
    request: () => ({ url: '/api/v1/sessions' }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}',
    why: 'point invited',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  {
    route: 'POST /api/v1/sessions/{id}/duplicate',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/duplicate`, body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/invitation.ics',
    why: 'point invited',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/invitation.ics` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/invitation.ics',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/invitation.ics` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  {
    route: 'PATCH /api/v1/sessions/{id}',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}`, body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/status',
    why: 'invalid body',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/status`, body: { status: 'bogus' } }),
    expect: only(400, ...people),
  },
  {
    route: 'POST /api/v1/sessions/{id}/status',
    why: 'scheduled → ended: an operator move, illegal now; only those running the session get that far',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/status`, body: { status: 'ended' } }),
    expect: only(409, 'secretariat', 'chair', 'moderator'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/status',
    why: 'a session the chair and moderator do not run',
    request: (f) => ({
      url: `/api/v1/sessions/${f.otherSession}/status`,
      body: { status: 'ended' },
    }),
    expect: only(409, 'secretariat'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/status',
    why: 'archiving is the secretariat’s',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/status`, body: { status: 'archived' } }),
    expect: only(409, 'secretariat'),
  },

  {
    route: 'GET /api/v1/sessions/{id}/readiness',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/readiness` }),
    expect: only(200, ...people),
  },
  {
    route: 'GET /api/v1/sessions/{id}/attendance',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/attendance` }),
    expect: only(200, ...people),
  },
  {
    route: 'POST /api/v1/credentials',
    why: 'invalid body',
    request: () => ({ url: '/api/v1/credentials', body: { pointCodes: [] } }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'GET /api/v1/attendance/last-delegates',
    why: "a point's own delegates",
    request: () => ({ url: '/api/v1/attendance/last-delegates' }),
    expect: only(200, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/rollcalls',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/rollcalls` }),
    expect: only(200, ...people),
  },
  {
    route: 'GET /api/v1/sessions/{id}/speakers',
    why: 'point invited',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/speakers` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/speakers',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/speakers` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  // minutes
  {
    route: 'GET /api/v1/sessions/{id}/minutes',
    why: 'people only: points never see the minutes',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/minutes` }),
    expect: only(200, ...people),
  },
  {
    route: 'PUT /api/v1/sessions/{id}/minutes',
    why: 'those running the session; a stale revision: 409, nothing saved',
    request: (f) => ({
      url: `/api/v1/sessions/${f.session}/minutes`,
      body: { text: 'x', revision: 99 },
    }),
    expect: { ...only(409, 'secretariat', 'chair', 'moderator'), observer: 403 },
  },
  {
    route: 'PUT /api/v1/sessions/{id}/minutes',
    why: 'a session the chair and moderator do not run',
    request: (f) => ({
      url: `/api/v1/sessions/${f.otherSession}/minutes`,
      body: { text: 'x', revision: 99 },
    }),
    expect: only(409, 'secretariat'),
  },
  {
    route: 'PUT /api/v1/sessions/{id}/conclusions/draft',
    why: 'those running the session; a stale revision: 409, nothing saved',
    request: (f) => ({
      url: `/api/v1/sessions/${f.session}/conclusions/draft`,
      body: { text: 'x', revision: 99 },
    }),
    expect: { ...only(409, 'secretariat', 'chair', 'moderator'), observer: 403 },
  },
  {
    route: 'GET /api/v1/sessions/{id}/conclusions',
    why: 'point invited',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/conclusions` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/conclusions',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/conclusions` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  {
    route: 'POST /api/v1/sessions/{id}/conclusions/approve',
    why: "the session's chair alone; a stale revision: 409, nothing approved",
    request: (f) => ({
      url: `/api/v1/sessions/${f.session}/conclusions/approve`,
      body: { revision: 99 },
    }),
    expect: only(409, 'chair'),
  },
  {
    route: 'GET /api/v1/audit',
    request: () => ({ url: '/api/v1/audit' }),
    expect: only(200, 'secretariat'),
  },

  // materials
  {
    route: 'POST /api/v1/sessions/{id}/materials',
    request: () => ({ url: `/api/v1/sessions/${UNKNOWN_ID}/materials`, body: {} }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/materials/{materialId}/versions',
    request: () => ({
      url: `/api/v1/sessions/${UNKNOWN_ID}/materials/${UNKNOWN_ID}/versions`,
      body: {},
    }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'DELETE /api/v1/sessions/{id}/materials/{materialId}',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/materials/${UNKNOWN_ID}` }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/materials',
    why: 'point invited',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/materials` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/materials',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/materials` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  {
    route: 'GET /api/v1/sessions/{id}/materials/{materialId}/download',
    request: (f) => ({
      url: `/api/v1/sessions/${f.session}/materials/${UNKNOWN_ID}/download`,
    }),
    expect: only(404, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/materials/receipts',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/materials/receipts` }),
    expect: only(200, ...people),
  },
  {
    route: 'PUT /api/v1/sessions/{id}/report-deadline',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/report-deadline`, body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/reports',
    why: 'point invited; not multipart',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/reports`, body: {} }),
    expect: only(415, 'point'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/reports',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/reports`, body: {} }),
    expect: only(404, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/reports',
    why: 'a point sees its own',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/reports` }),
    expect: only(200, ...people, 'point'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/reports',
    why: 'point not invited: hidden',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/reports` }),
    expect: { ...only(200, ...people, 'point'), point: 404 },
  },
  {
    route: 'GET /api/v1/sessions/{id}/reports.zip',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/reports.zip` }),
    expect: only(200, ...people),
  },
  // webhooks
  {
    route: 'GET /api/v1/webhooks',
    request: () => ({ url: '/api/v1/webhooks' }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'POST /api/v1/webhooks',
    request: () => ({ url: '/api/v1/webhooks', body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'GET /api/v1/webhooks/{id}',
    request: () => ({ url: `/api/v1/webhooks/${UNKNOWN_ID}` }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'PATCH /api/v1/webhooks/{id}',
    request: () => ({ url: `/api/v1/webhooks/${UNKNOWN_ID}`, body: {} }),
    expect: only(400, 'secretariat'),
  },
  {
    route: 'DELETE /api/v1/webhooks/{id}',
    request: () => ({ url: `/api/v1/webhooks/${UNKNOWN_ID}` }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'POST /api/v1/webhooks/{id}/ping',
    request: () => ({ url: `/api/v1/webhooks/${UNKNOWN_ID}/ping`, body: {} }),
    expect: only(404, 'secretariat'),
  },
  {
    route: 'GET /api/v1/webhooks/{id}/deliveries',
    request: () => ({ url: `/api/v1/webhooks/${UNKNOWN_ID}/deliveries` }),
    expect: only(404, 'secretariat'),
  },
  // recording
  {
    route: 'GET /api/v1/sessions/{id}/recording',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/recording` }),
    expect: only(200, ...people),
  },
  {
    route: 'POST /api/v1/sessions/{id}/recording/start',
    why: 'the session is not live',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/recording/start` }),
    expect: only(409, 'secretariat', 'chair', 'moderator'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/recording/stop',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/recording/stop` }),
    expect: only(200, 'secretariat', 'chair', 'moderator'),
  },
  {
    route: 'POST /api/v1/sessions/{id}/recording/stop',
    why: 'a session they do not run',
    request: (f) => ({ url: `/api/v1/sessions/${f.otherSession}/recording/stop` }),
    expect: only(200, 'secretariat'),
  },
  {
    route: 'PUT /api/v1/sessions/{id}/recording/settings',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/recording/settings`, body: {} }),
    expect: only(400, 'secretariat', 'chair', 'moderator'),
  },
  {
    route: 'GET /api/v1/sessions/{id}/recordings',
    request: (f) => ({ url: `/api/v1/sessions/${f.session}/recordings` }),
    expect: only(200, ...people),
  },
  {
    route: 'GET /api/v1/recordings/{id}',
    why: 'public route checking the token itself; an unknown file',
    request: () => ({ url: `/api/v1/recordings/${UNKNOWN_ID}` }),
    expect: { ...only(404, ...people), point: 403 },
  },
];

let t: TestApp;
let callers: Record<Caller, Api>;
let fixtures: Fixtures;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' } });
  const anonymous = new Api(t.app);
  const secretariat = await anonymous.loginAdmin();
  const point = await secretariat.point('ha-noi');
  callers = {
    anonymous,
    secretariat,
    chair: await secretariat.user('matrix-chair', 'chair'),
    moderator: await secretariat.user('matrix-moderator', 'moderator'),
    observer: await secretariat.user('matrix-observer', 'observer'),
    point,
  };
  const session = await secretariat.post('/api/v1/sessions', {
    title: 'Ma trận',
    kind: 'monthly',
    startsAt: inDays(5),
    endsAt: inDays(5, 2),
    invitedPointCodes: ['trung-uong', 'ha-noi'],
    chairUsername: 'matrix-chair',
    moderatorUsernames: ['matrix-moderator'],
  });
  const otherSession = await secretariat.post('/api/v1/sessions', {
    title: 'Khác',
    kind: 'thematic',
    startsAt: inDays(5),
    endsAt: inDays(5, 2),
    invitedPointCodes: ['hue'],
  });
  const me = await point.get('/api/v1/auth/me');
  fixtures = {
    session: session.body.id,
    otherSession: otherSession.body.id,
    point: 'ha-noi',
    otherPoint: 'hue',
    credential: me.body.credentialId,
  };
});
afterAll(async () => {
  await t?.close();
});

describe('authorization matrix', () => {
  it('every documented route has at least one row, and every row a documented route', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((c) => c.route));
    expect(
      documented.filter((r) => !covered.has(r)),
      'routes without a rule',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !documented.includes(r)),
      'rules without a route',
    ).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.route}${c.why ? ` (${c.why})` : ''}`, c] as const))(
    '%s',
    async (_name, c) => {
      const method = c.route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const { url, body, headers } = c.request(fixtures);
      const actual: Partial<Expect> = {};
      for (const caller of CALLERS) {
        const res = await callers[caller].request(method, url, body, headers);
        actual[caller] = res.status;
      }
      expect(actual).toEqual(c.expect);
    },
  );

  it('the walk changed nothing: sessions, points and users are as the fixtures left them', async () => {
    const admin = callers.secretariat;
    const session = await admin.get(`/api/v1/sessions/${fixtures.session}`);
    expect(session.body.status).toBe('scheduled');
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(35);
    expect((await admin.get('/api/v1/points?active=false')).body.total).toBe(0);
    expect((await admin.get('/api/v1/users')).body.users).toHaveLength(4);
    const creds = await admin.get('/api/v1/points/ha-noi/credentials');
    expect(creds.body.credentials.map((c: { revokedAt: string | null }) => c.revokedAt)).toEqual([
      null,
    ]);
  });
});
