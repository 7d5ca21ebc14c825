import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import { loadConfig } from '../src/config.js';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD } from './support/app.js';
import { TestClient } from './support/sockets.js';

/** The embedded default runs the same schema and queries: a check-in storm in miniature on PGlite. */
let app: FastifyInstance;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'giaoban-pglite-live-'));
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
    PRESENCE_FLUSH_SECONDS: '1',
    CHECKIN_WINDOW_MINUTES: '180',
  });
  app = await buildServer({ config });
  await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('live attendance on embedded PGlite', () => {
  it('points join, check in, drop and come back; board, record and audit agree', async () => {
    expect(app.database.kind).toBe('pglite');
    const admin = await new Api(app).loginAdmin();
    const codes = ['trung-uong', 'ha-noi', 'hue', 'ca-mau'];
    const session = await admin.post('/api/v1/sessions', {
      title: 'PGlite',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(0, 2),
      endsAt: inDays(0, 3),
      invitedPointCodes: codes,
    });
    const sessionId = session.body.id;
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });
    const { port } = app.server.address() as { port: number };
    const clients = await Promise.all(
      codes.map(async (code) => {
        const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
        const client = await TestClient.connect(`http://127.0.0.1:${port}`, token, sessionId);
        await client.firstSnapshot;
        return client;
      }),
    );
    const acks = await Promise.all(
      clients.map((c) =>
        c.emit('attendance:check-in', { sessionId, delegates: [{ name: 'Đại biểu' }] }),
      ),
    );
    expect(acks.every((a) => a.ok && a.data.status === 'present')).toBe(true);
    const again = clients[0]?.next('session:snapshot');
    clients[0]?.drop();
    await again;
    await clients[1]?.emit('attendance:test-result', {
      sessionId,
      passed: true,
      figures: { rttMs: 30 },
    });

    const record = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
    expect(record.summary).toMatchObject({ invited: 4, present: 4, connected: 4 });
    const hall = record.points.find((p: { code: string }) => p.code === 'trung-uong');
    expect(hall).toMatchObject({ disconnects: 1, onDutyOnTime: true, credentialIssued: true });
    expect(record.points.find((p: { code: string }) => p.code === 'ha-noi').testPassed).toBe(true);
    const audit = (await admin.get(`/api/v1/audit?sessionId=${sessionId}&entityType=attendance`))
      .body;
    // Four check-ins; the central hall's first came with its connection, its own is an update.
    expect(
      audit.entries
        .map((e: { entityId: string; action: string }) => `${e.entityId} ${e.action}`)
        .sort(),
    ).toEqual([
      'ca-mau attendance.check-in',
      'ha-noi attendance.check-in',
      'hue attendance.check-in',
      'trung-uong attendance.check-in',
      'trung-uong attendance.update-delegates',
    ]);
    for (const c of clients) c.close();
  });
});
