import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * Failures are never silent: an ffmpeg that dies is reported with its last
 * words and retried a bounded number of times; storage that cannot take a
 * recording refuses the start with a clear code. Real server, real worker.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'giaoban-recfail-'));
const badFfmpeg = path.join(tmp, 'ffmpeg');
writeFileSync(
  badFfmpeg,
  '#!/bin/sh\necho "Unknown encoder libopus: codec not found" >&2\nexit 1\n',
);
chmodSync(badFfmpeg, 0o755);
const HALL = 'trung-uong';

let t: TestApp;
let admin: Api;
let moderator: TestClient;
let briefing: Briefing;
let hall: FakePoint;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      SEED_POINTS: '2025',
      RECORDINGS_DIR: path.join(tmp, 'recordings'),
      FFMPEG_PATH: badFfmpeg,
      RECORDING_MIN_FREE_MB: '1',
    },
    listen: true,
  });
  admin = await new Api(t.app).loginAdmin();
  briefing = await liveBriefing(admin, baseUrl(t.app), [HALL], { day: 2 });
  moderator = await TestClient.connect(baseUrl(t.app), admin.token as string, briefing.sessionId);
  await moderator.firstSnapshot;
  const room = await t.app.media.room(briefing.sessionId);
  const pointId = (await admin.get(`/api/v1/points/${HALL}`)).body.id;
  hall = await fakePoint(room, { pointId, code: HALL, isHall: true });
}, 60_000);

afterAll(async () => {
  await hall?.close();
  moderator?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await t?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('recording failures', () => {
  it('ffmpeg exits: status failed with its reason, told to the staff, retried three times, then left failed', async () => {
    const { sessionId } = briefing;
    const failed = moderator.next('recording:status', (s) => s.status === 'failed', 15_000);
    expect((await admin.post(`/api/v1/sessions/${sessionId}/recording/start`)).status).toBe(200);
    const told = await failed;
    expect(told).toMatchObject({ sessionId, wanted: true, code: 'RECORDING_FFMPEG_FAILED' });
    expect(told.reason).toContain('Unknown encoder libopus');
    const parts = async () => (await admin.get(`/api/v1/sessions/${sessionId}/recordings`)).body;
    await waitUntil(async () => (await parts()).parts.length === 3, 20_000, 250);
    await new Promise((r) => setTimeout(r, 4000));
    const index = await parts();
    expect(index.parts).toHaveLength(3);
    expect(index.parts.every((p: { status: string }) => p.status === 'failed')).toBe(true);
    expect(index.parts[0].endReason).toContain('Unknown encoder libopus');
    expect(index.status).toMatchObject({ status: 'failed', code: 'RECORDING_FFMPEG_FAILED' });
    const stopped = await admin.post(`/api/v1/sessions/${sessionId}/recording/stop`);
    expect(stopped.body).toMatchObject({ status: 'off', wanted: false, code: null });
  }, 40_000);

  it('a recordings directory that cannot be written: the start is refused with a clear code, and the desk is told', async () => {
    const { sessionId } = briefing;
    const config = t.app.config.recording;
    const dir = config.dir;
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, 'not a directory');
    config.dir = path.join(file, 'recordings');
    try {
      const failed = moderator.next('recording:status', (s) => s.status === 'failed');
      const refused = await admin.post(`/api/v1/sessions/${sessionId}/recording/start`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'RECORDING_NOT_WRITABLE' });
      expect(refused.body.detail).toContain('not writable');
      expect(await failed).toMatchObject({ code: 'RECORDING_NOT_WRITABLE', wanted: false });
    } finally {
      config.dir = dir;
    }
  });

  it('too little free space: refused with RECORDING_DISK_FULL', async () => {
    const { sessionId } = briefing;
    const config = t.app.config.recording;
    const min = config.minFreeBytes;
    config.minFreeBytes = Number.MAX_SAFE_INTEGER;
    try {
      const refused = await admin.post(`/api/v1/sessions/${sessionId}/recording/start`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'RECORDING_DISK_FULL' });
      const status = (await admin.get(`/api/v1/sessions/${sessionId}/recording`)).body;
      expect(status).toMatchObject({
        status: 'failed',
        code: 'RECORDING_DISK_FULL',
        wanted: false,
      });
    } finally {
      config.minFreeBytes = min;
    }
  });

  it('only those running the session control it; a point gets nothing', async () => {
    const { sessionId } = briefing;
    const observer = await admin.user('quan-sat', 'observer');
    expect((await observer.post(`/api/v1/sessions/${sessionId}/recording/start`)).status).toBe(403);
    expect((await observer.get(`/api/v1/sessions/${sessionId}/recordings`)).status).toBe(200);
    const point = await admin.point(HALL);
    expect((await point.get(`/api/v1/sessions/${sessionId}/recordings`)).status).toBe(403);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/api/v1/recordings/${unknown}`)).status).toBe(404);
    expect((await new Api(t.app).get(`/api/v1/recordings/${unknown}?token=forged`)).status).toBe(
      401,
    );
  });
});
