import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';
import { waitUntil } from './support/sockets.js';

/**
 * The server is killed (SIGKILL) while it records: after the start the
 * recording resumes by itself in a new part, and the part the crash cut
 * keeps every file it wrote — the one ffmpeg was still writing included,
 * measured by ffprobe.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-recrestart-'));
let database: TestDatabase;
let sql: pg.Client;
let port: number;
let server: ServerProcess | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const start = () =>
  startServerProcess({
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    SEED_POINTS: '2025',
    ADMIN_PASSWORD,
    PASSWORD_SCRYPT_LOG_N: '12',
    CHECKIN_WINDOW_MINUTES: '180',
    MEDIASOUP_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
    RECORDINGS_DIR: dir,
    RECORDING_SEGMENT_SECONDS: '2',
    RECORDING_MIN_FREE_MB: '1',
  });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  port = await freePort();
});
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await sql?.end();
  await database?.drop();
  if (!process.env.KEEP_RECORDINGS) rmSync(dir, { recursive: true, force: true });
});

const parts = async (sessionId: string) =>
  (
    await sql.query(
      `select p.seq, p.status, p.end_reason, count(s.id)::int as segments
         from recording_parts p left join recording_segments s on s.part_id = p.id
        where p.session_id = $1 group by p.id order by p.seq`,
      [sessionId],
    )
  ).rows as Array<{ seq: number; status: string; end_reason: string | null; segments: number }>;

describe('a server killed while recording', () => {
  it('resumes in a new part, and keeps every file of the cut one', async () => {
    server = start();
    const url = await server.listening;
    const admin = await new Api(url).loginAdmin();
    const created = await admin.post('/api/v1/sessions', {
      title: 'Giao ban ghi hình',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(0, 2),
      endsAt: inDays(0, 4),
      invitedPointCodes: ['trung-uong', 'ha-noi'],
    });
    const sessionId: string = created.body.id;
    for (const status of ['checkin', 'live'])
      await admin.post(`/api/v1/sessions/${sessionId}/status`, { status });
    expect((await admin.post(`/api/v1/sessions/${sessionId}/recording/start`)).status).toBe(200);
    await waitUntil(async () => ((await parts(sessionId))[0]?.segments ?? 0) >= 2, 30_000, 200);

    // Killed while ffmpeg writes a file that already holds a second or so of media.
    const partDir = path.join(dir, sessionId, 'part-001');
    await waitUntil(
      async () => {
        const stored = (await parts(sessionId))[0]?.segments ?? 0;
        const file = path.join(partDir, `seg-${String(stored).padStart(4, '0')}.webm`);
        return stored >= 2 && (statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 1000;
      },
      20_000,
      50,
    );
    server.child.kill('SIGKILL');
    await server.exited;
    const stored = (await parts(sessionId))[0]?.segments ?? 0;
    const onDisk = readdirSync(partDir).filter((f) => f.endsWith('.webm')).length;
    expect(onDisk).toBeGreaterThan(stored); // the file being written when the server died

    server = start();
    const again = await server.listening;
    await waitUntil(async () => (await parts(sessionId)).length === 2, 30_000, 250);
    const after = await parts(sessionId);
    expect(after[0]).toMatchObject({ seq: 1, status: 'finished', end_reason: 'server stopped' });
    expect(after[0]?.segments).toBeGreaterThan(stored);
    expect(after[0]?.segments).toBeLessThanOrEqual(onDisk);
    const admin2 = await new Api(again).loginAdmin();
    await waitUntil(
      async () =>
        (await admin2.get(`/api/v1/sessions/${sessionId}/recording`)).body.status === 'recording',
      15_000,
      250,
    );
    await waitUntil(async () => ((await parts(sessionId))[1]?.segments ?? 0) >= 1, 20_000, 250);
    const stopped = await admin2.post(`/api/v1/sessions/${sessionId}/recording/stop`);
    expect(stopped.body).toMatchObject({ status: 'off' });
    const index = (await admin2.get(`/api/v1/sessions/${sessionId}/recordings`)).body;
    expect(index.parts).toHaveLength(2);
    expect(index.gaps).toHaveLength(1);
    expect(index.totalSeconds).toBeGreaterThan(4);
  }, 120_000);
});
