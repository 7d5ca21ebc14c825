import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import { loadConfig } from '../src/config.js';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD } from './support/app.js';
import { pdfBytes, postForm } from './support/materials.js';

/** The embedded default stores and serves the same bytes: bytea, receipts and the zip on PGlite. */
let app: FastifyInstance;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'giaoban-pglite-materials-'));
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
  });
  app = await buildServer({ config });
});
afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('materials on embedded PGlite', () => {
  it('uploads, serves the exact bytes, records one receipt, and zips a report', async () => {
    expect(app.database.kind).toBe('pglite');
    const admin = await new Api(app).loginAdmin();
    const session = await admin.post('/api/v1/sessions', {
      title: 'PGlite tài liệu',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(0, 2),
      endsAt: inDays(0, 3),
      invitedPointCodes: ['hue', 'ha-noi'],
    });
    const base = `/api/v1/sessions/${session.body.id}`;
    // Every byte value, so a text or encoding round trip would show.
    const bytes = Buffer.concat([pdfBytes('pglite'), Buffer.from([...Array(256).keys()])]);
    const up = await postForm(
      app,
      `${base}/materials`,
      admin.token as string,
      { title: 'Tài liệu' },
      {
        name: 'Tài liệu.pdf',
        bytes,
      },
    );
    expect(up.status).toBe(201);
    const hue = await admin.point('hue');
    const got = await Promise.all(
      [0, 1].map(() =>
        app.inject({
          method: 'GET',
          url: `${base}/materials/${up.body.id}/download`,
          headers: { authorization: `Bearer ${hue.token}` },
        }),
      ),
    );
    for (const res of got) expect(res.rawPayload.equals(bytes)).toBe(true);
    const board = (await admin.get(`${base}/attendance`)).body.points;
    expect(
      Object.fromEntries(
        board.map((p: { code: string; materials: unknown }) => [p.code, p.materials]),
      ),
    ).toEqual({ hue: { received: 1, of: 1 }, 'ha-noi': { received: 0, of: 1 } });
    const receipts = (await admin.get(`${base}/materials/receipts`)).body.points;
    expect(receipts.find((p: { code: string }) => p.code === 'hue').receipts).toHaveLength(1);

    const report = await postForm(app, `${base}/reports`, hue.token as string, { text: 'Báo cáo' });
    expect([report.status, report.body.onTime]).toEqual([201, true]);
    const zip = await app.inject({
      method: 'GET',
      url: `${base}/reports.zip`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(zip.statusCode).toBe(200);
    expect(zip.rawPayload.includes(Buffer.from('Báo cáo.txt'))).toBe(true);
  });
});
