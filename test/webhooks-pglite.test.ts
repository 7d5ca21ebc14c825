import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import { loadConfig } from '../src/config.js';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD } from './support/app.js';
import { waitUntil } from './support/sockets.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

/** The embedded default (no DATABASE_URL): pg-boss runs on the app's PGlite connection. */
let app: FastifyInstance;
let dataDir: string;
const receiver = new WebhookReceiver();
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'giaoban-webhooks-pglite-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_PASSWORD,
    PASSWORD_SCRYPT_LOG_N: '12',
    SEED_POINTS: '2025',
    MEDIASOUP_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
    WEBHOOK_RETRY_DELAY_SECONDS: '1',
  });
  app = await buildServer({ config });
  await receiver.start();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await receiver.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('webhooks on embedded PGlite', () => {
  it('delivers a session status change, signed, after one failed attempt', async () => {
    expect(app.database.kind).toBe('pglite');
    receiver.failFirst = 1;
    const admin = await new Api(app).loginAdmin();
    const created = await admin.post('/api/v1/webhooks', {
      url: receiver.url,
      events: ['session.status'],
    });
    expect(created.status).toBe(201);
    const session = await admin.post('/api/v1/sessions', {
      title: 'PGlite webhook',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(0, 2),
      endsAt: inDays(0, 3),
      invitedPointCodes: ['hue'],
    });
    const sessionId = session.body.id;
    expect(
      (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' })).status,
    ).toBe(200);
    await waitUntil(() => receiver.delivered().length === 1, 20_000);
    const [got] = receiver.delivered();
    expect(got?.body).toMatchObject({
      type: 'session.status',
      sessionId,
      data: { status: 'checkin' },
    });
    expect(got && verifySignature(created.body.secret, got)).toBe(true);
    const log = (await admin.get(`/api/v1/webhooks/${created.body.id}/deliveries`)).body;
    expect(
      log.deliveries.map((d: { attempt: number; statusCode: number }) => [d.attempt, d.statusCode]),
    ).toEqual([
      [2, 200],
      [1, 500],
    ]);
  }, 40_000);
});
