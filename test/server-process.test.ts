import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, startServerProcess } from './support/server-process.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'giaoban-pglite-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => ({
  DATA_DIR: dataDir,
  DATABASE_URL: undefined,
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  RTC_LISTEN_IP: '127.0.0.1',
  RTC_PORT: '0',
  MEDIASOUP_WORKERS: undefined,
});

describe('the server process on the embedded PGlite default', () => {
  it('migrates, becomes ready with live workers, and stops on SIGINT within 5 s leaving no worker behind', async () => {
    const server = startServerProcess(env());
    const url = await server.listening;

    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { db: string; workers: number };
    expect(body.db).toBe('pglite');
    expect(body.workers).toBeGreaterThanOrEqual(1);
    expect(body.workers).toBe(os.availableParallelism());

    const workerPids = server.logs
      .filter((l) => l.msg === 'mediasoup worker running')
      .map((l) => Number(l.workerPid));
    expect(workerPids).toHaveLength(body.workers);
    for (const pid of workerPids) expect(isAlive(pid)).toBe(true);

    const stoppedAt = Date.now();
    server.child.kill('SIGINT');
    const { code } = await server.exited;
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(code).toBe(0);
    for (const pid of workerPids) expect(isAlive(pid)).toBe(false);
    expect(server.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'mediasoup workers closed', 'database closed']),
    );
  });

  it('starts again on the same data directory (migrations already applied) and stops on SIGTERM', async () => {
    const server = startServerProcess(env());
    const url = await server.listening;
    expect(((await (await fetch(`${url}/ready`)).json()) as { db: string }).db).toBe('pglite');
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('refuses to start on a bad environment value, naming the variable', async () => {
    const server = startServerProcess({ ...env(), PORT: 'abc', MEDIASOUP_LOG_LEVEL: 'loud' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.stderr()).toMatch(/PORT: must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(server.stderr()).toMatch(/MEDIASOUP_LOG_LEVEL: must be one of debug, warn, error, none/);
  });
});
