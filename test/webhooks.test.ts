import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import type { Config } from '../src/config.js';
import { WEBHOOK_EVENTS } from '../src/contract/index.js';
import { Api, inDays } from './support/api.js';
import { testConfig } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TestClient, waitUntil } from './support/sockets.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Webhooks end to end: a real receiver in this process that fails the first
 * three deliveries, a short briefing, then a restart of the server while
 * the receiver is down. Retries are kept short by configuration.
 */
let database: TestDatabase;
let config: Config;
let app: FastifyInstance | undefined;
let port = 0;
let url: string;
let admin: Api;
const clients: TestClient[] = [];
const receiver = new WebhookReceiver();
const SECRET = 'whsec_test-secret-for-the-receiver';
/** What the server published, in order: what the receiver must get. */
const published: Array<{ type: string; sessionId: string }> = [];

async function start(): Promise<FastifyInstance> {
  const server = await buildServer({ config });
  await server.listen({ host: '127.0.0.1', port });
  port = (server.server.address() as { port: number }).port;
  for (const type of WEBHOOK_EVENTS) {
    server.events.on(type, ((e: { sessionId: string }) =>
      published.push({ type, sessionId: e.sessionId })) as never);
  }
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, {
    SEED_POINTS: '2025',
    WEBHOOK_RETRY_DELAY_SECONDS: '1',
    WEBHOOK_RETRY_DELAY_MAX_SECONDS: '2',
    WEBHOOK_TIMEOUT_SECONDS: '3',
  });
  app = await start();
  url = `http://127.0.0.1:${port}`;
  admin = await new Api(url).loginAdmin();
  await receiver.start();
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await app?.close();
  await receiver.stop();
  await database?.drop();
});

async function point(code: string, sessionId: string): Promise<TestClient> {
  const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
  const client = await TestClient.connect(url, token, sessionId);
  await client.firstSnapshot;
  clients.push(client);
  return client;
}

const log = async (endpointId: string) =>
  (await admin.get(`/api/v1/webhooks/${endpointId}/deliveries?limit=200`)).body.deliveries as Array<
    Record<string, any>
  >;

/** Deliveries of the receiver, per session, must come in the order the server published. */
function expectDeliveredInOrder() {
  const got = receiver.delivered();
  for (const r of got) expect(verifySignature(SECRET, r), 'signature').toBe(true);
  expect(got.map((r) => r.body.type).sort()).toEqual(published.map((p) => p.type).sort());
  const sessions = new Set(published.map((p) => p.sessionId));
  for (const sessionId of sessions) {
    expect(got.filter((r) => r.body.sessionId === sessionId).map((r) => r.body.type)).toEqual(
      published.filter((p) => p.sessionId === sessionId).map((p) => p.type),
    );
  }
  return got;
}

let endpointId: string;
let sessionId: string;

describe('a briefing delivered to a receiver that fails the first three times', () => {
  it('delivers every event once, signed, in order, and logs the retries', async () => {
    receiver.failFirst = 3;
    const created = await admin.post('/api/v1/webhooks', {
      url: receiver.url,
      secret: SECRET,
      description: 'Hệ thống tỉnh',
      events: [...WEBHOOK_EVENTS],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(SECRET);
    endpointId = created.body.id;
    const listed = (await admin.get('/api/v1/webhooks')).body.endpoints;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');

    const session = await admin.post('/api/v1/sessions', {
      title: 'Giao ban webhook',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(1),
      endsAt: inDays(1, 3),
      invitedPointCodes: ['ha-noi', 'hue', 'ca-mau', 'lai-chau'],
    });
    sessionId = session.body.id;
    const moderator = await TestClient.connect(url, admin.token as string, sessionId);
    clients.push(moderator);
    await moderator.firstSnapshot;
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });

    // A retry is visible in the log with its due time while the first delivery waits.
    await waitUntil(async () => (await log(endpointId)).some((d) => d.nextRetryAt), 15_000);
    const waiting = (await log(endpointId)).find((d) => d.nextRetryAt);
    expect(waiting).toMatchObject({ event: 'session.status', statusCode: 500, ok: false });

    const laiChau = await point('lai-chau', sessionId);
    expect(
      await laiChau.emit('attendance:absent', { sessionId, reason: 'Mất điện toàn tỉnh' }),
    ).toMatchObject({ ok: true });
    const points = await Promise.all(['ha-noi', 'hue', 'ca-mau'].map((c) => point(c, sessionId)));
    for (const p of points) {
      const ack = await p.emit('attendance:check-in', { sessionId, delegates: [{ name: 'A' }] });
      expect(ack.ok).toBe(true);
    }
    const closed = moderator.next('rollcall:closed', () => true, 15_000);
    expect((await moderator.emit('rollcall:start', { sessionId, seconds: 5 })).ok).toBe(true);
    await closed;
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'live' });
    const entry = await points[0]?.emit('speaker:request', { sessionId });
    expect(entry?.ok).toBe(true);
    const entryId = entry?.ok ? entry.data.entryId : '';
    expect((await moderator.emit('speaker:grant', { sessionId, entryId })).ok).toBe(true);
    expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);

    const types = published.map((p) => p.type);
    expect(new Set(types)).toEqual(
      new Set([
        'session.status',
        'attendance.absent',
        'attendance.checked-in',
        'rollcall.closed',
        'floor.granted',
        'floor.ended',
      ]),
    );
    await waitUntil(() => receiver.delivered().length >= published.length, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing extra arrives
    const got = expectDeliveredInOrder();
    expect(got).toHaveLength(published.length);
    const first = got[0];
    expect(first?.body).toMatchObject({ type: 'session.status', sessionId });
    expect(first?.headers['giaoban-event']).toBe('session.status');
    expect(first?.body.id).toBe(first?.headers['giaoban-delivery']);
    expect(first?.body.data).toMatchObject({ status: 'checkin' });
    // The three failures were of that same first delivery (retried, not lost).
    expect(receiver.requests.slice(0, 4).map((r) => r.headers['giaoban-delivery'])).toEqual(
      Array(4).fill(first?.headers['giaoban-delivery']),
    );

    const attempts = (await log(endpointId))
      .filter((d) => d.deliveryId === first?.body.id)
      .sort((a, b) => a.attempt - b.attempt);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.ok, a.final])).toEqual([
      [1, 500, false, false],
      [2, 500, false, false],
      [3, 500, false, false],
      [4, 200, true, true],
    ]);
    expect((await log(endpointId)).filter((d) => d.ok)).toHaveLength(published.length);
  }, 90_000);

  it('delivers what was queued while the receiver was down, after a server restart', async () => {
    await receiver.stop();
    const before = published.length;
    // New facts while the receiver is down: a check-in again, then the end.
    const again = await point('hue', sessionId);
    expect(
      (await again.emit('attendance:check-in', { sessionId, delegates: [{ name: 'B' }] })).ok,
    ).toBe(true);
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'ended' });
    expect(published.length).toBe(before + 2);
    // At least one attempt failed on the closed port before the restart.
    const refused = (d: Record<string, any>) => d.statusCode === null && d.error;
    await waitUntil(async () => (await log(endpointId)).some(refused), 10_000);
    expect((await log(endpointId)).find(refused)).toMatchObject({
      event: 'attendance.checked-in',
      ok: false,
      error: 'ECONNREFUSED',
    });

    for (const c of clients.splice(0)) c.close();
    await app?.close();
    app = await start();
    await receiver.start(); // same port
    await waitUntil(() => receiver.delivered().length >= published.length, 30_000);
    const got = expectDeliveredInOrder();
    expect(got.slice(-2).map((r) => r.body.type)).toEqual([
      'attendance.checked-in',
      'session.status',
    ]);
    expect(got.at(-1)?.body.data).toMatchObject({ status: 'ended' });
  }, 90_000);
});

describe('managing endpoints', () => {
  it('refuses URLs that are not http(s) with 422 and a code; bad bodies with 400', async () => {
    for (const bad of [
      'ftp://example.org/hook',
      'javascript:alert(1)',
      'not a url',
      'http://user:pw@example.org/hook',
      'http://exa mple.org/',
      'https://example.org/hook#part',
    ]) {
      const res = await admin.post('/api/v1/webhooks', { url: bad, events: ['session.status'] });
      expect(res.status, bad).toBe(422);
      expect(res.body.code).toBe('WEBHOOK_URL_INVALID');
    }
    const noEvents = await admin.post('/api/v1/webhooks', { url: receiver.url, events: [] });
    expect(noEvents.status).toBe(400);
    const unknown = await admin.post('/api/v1/webhooks', { url: receiver.url, events: ['x'] });
    expect(unknown.status).toBe(400);
    const patch = await admin.patch(`/api/v1/webhooks/${endpointId}`, { url: 'file:///etc/x' });
    expect(patch.status).toBe(422);
    expect((await admin.get(`/api/v1/webhooks/${endpointId}`)).body.url).toBe(receiver.url);
    expect((await admin.get('/api/v1/webhooks')).body.endpoints).toHaveLength(1);
  });

  it('is for the secretariat only: a moderator and a point get 403', async () => {
    const moderator = await admin.user('dieu-phoi-webhook', 'moderator');
    const pointApi = await admin.point('hue');
    for (const api of [moderator, pointApi]) {
      expect((await api.get('/api/v1/webhooks')).status).toBe(403);
      expect(
        (await api.post('/api/v1/webhooks', { url: receiver.url, events: ['session.status'] }))
          .status,
      ).toBe(403);
      expect((await api.get(`/api/v1/webhooks/${endpointId}/deliveries`)).status).toBe(403);
      expect((await api.post(`/api/v1/webhooks/${endpointId}/ping`)).status).toBe(403);
      expect((await api.delete(`/api/v1/webhooks/${endpointId}`)).status).toBe(403);
    }
  });

  it('generates a secret when none is given, audits changes, and a ping is logged', async () => {
    const res = await admin.post('/api/v1/webhooks', {
      url: receiver.url,
      events: ['record.ready'],
    });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = res.body.id;
    const ping = await admin.post(`/api/v1/webhooks/${id}/ping`);
    expect(ping.status).toBe(202);
    await waitUntil(async () => (await log(id)).some((d) => d.ok), 10_000);
    const [entry] = await log(id);
    expect(entry).toMatchObject({
      deliveryId: ping.body.deliveryId,
      event: 'webhook.ping',
      attempt: 1,
      statusCode: 200,
      final: true,
    });
    const pinged = receiver.requests.find(
      (r) => r.headers['giaoban-delivery'] === ping.body.deliveryId,
    );
    expect(pinged && verifySignature(res.body.secret, pinged)).toBe(true);

    const off = await admin.patch(`/api/v1/webhooks/${id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await admin.delete(`/api/v1/webhooks/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/webhooks/${id}`)).status).toBe(404);
    const audit = (await admin.get(`/api/v1/audit?entityType=webhook&entityId=${id}`)).body;
    const actions = (audit.entries ?? audit).map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['webhook.create', 'webhook.delete', 'webhook.update']);
  });
});

describe('a slow endpoint', () => {
  it('does not delay a check-in', async () => {
    const slow = new WebhookReceiver();
    slow.delayMs = 20_000;
    await slow.start();
    try {
      await admin.patch(`/api/v1/webhooks/${endpointId}`, { active: false });
      const created = await admin.post('/api/v1/webhooks', {
        url: slow.url,
        events: ['attendance.checked-in'],
      });
      expect(created.status).toBe(201);
      const session = await admin.post('/api/v1/sessions', {
        title: 'Giao ban chậm',
        kind: 'monthly',
        urgent: true,
        startsAt: inDays(3),
        endsAt: inDays(3, 3),
        invitedPointCodes: ['ha-noi', 'hue'],
      });
      const id = session.body.id;
      await admin.post(`/api/v1/sessions/${id}/status`, { status: 'checkin' });
      const haNoi = await point('ha-noi', id);
      expect(
        (await haNoi.emit('attendance:check-in', { sessionId: id, delegates: [{ name: 'A' }] })).ok,
      ).toBe(true);
      await waitUntil(() => slow.requests.length === 1, 10_000);
      // The first delivery hangs in the endpoint; the next check-in is acknowledged at once.
      const hue = await point('hue', id);
      const started = performance.now();
      const ack = await hue.emit('attendance:check-in', {
        sessionId: id,
        delegates: [{ name: 'A' }],
      });
      const ms = performance.now() - started;
      expect(ack.ok).toBe(true);
      expect(ms).toBeLessThan(1_500);
    } finally {
      await slow.stop();
    }
  }, 30_000);
});
