import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The key src/db/client.ts takes while it migrates. */
const MIGRATION_LOCK_KEY = '4711202611';

let database: TestDatabase | undefined;
let holder: pg.Client | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await holder?.end();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('start-up on a slow machine', () => {
  it('waits as long as the database makes it wait (no 10 s plugin timeout)', async () => {
    database = await createTestDatabase();
    // Another process "migrating": the server's start waits on this lock for 12 s.
    holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    const startedAt = Date.now();
    server = startServerProcess({
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ADMIN_PASSWORD,
      PASSWORD_SCRYPT_LOG_N: '12',
      MEDIASOUP_WORKERS: '1',
      RTC_LISTEN_IP: '127.0.0.1',
      RTC_PORT: '0',
    });
    const exited = server.exited.then((e) => ({ ...e, after: Date.now() - startedAt }));
    // Once the server waits on the lock, 12 s more: longer than Fastify's old 10 s plugin timeout.
    const waiting = async () => {
      const { rows } = await (holder as pg.Client).query(
        `select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted
            and database = (select oid from pg_database where datname = current_database())`,
      );
      return rows[0].n > 0;
    };
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    let early = await Promise.race([
      (async () => {
        while (!gone && !(await waiting())) await sleep(100);
      })().then(() => undefined),
      exited,
    ]);
    const waitingAfter = Date.now() - startedAt;
    early ??= await Promise.race([sleep(12_000).then(() => undefined), exited]);
    await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    const errors = () =>
      server?.logs
        .filter((l) => Number(l.level) >= 50)
        .map((l) => JSON.stringify(l.err ?? l.msg))
        .join('\n');
    expect(early, `the server gave up while waiting:\n${errors()}\n${server.stderr()}`).toBe(
      undefined,
    );

    const url = await server.listening;
    expect(Date.now() - startedAt).toBeGreaterThan(waitingAfter + 12_000);
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, db: 'postgres', dbOk: true });

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 60_000);
});

/** Every file under `dir` with its modification time. */
async function mtimes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), (await stat(file)).mtimeMs);
  }
  return out;
}

describe('npm start', () => {
  it('does not recompile when nothing changed (prestart: npm run build)', async () => {
    const build = () =>
      promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: root, timeout: 150_000 });
    await build(); // may compile
    const dist = path.join(root, 'dist');
    const before = await mtimes(dist);
    expect(before.has('server.js')).toBe(true);

    await build();
    const after = await mtimes(dist);
    const rewritten = [...after].filter(([file, t]) => before.get(file) !== t).map(([f]) => f);
    expect(rewritten, `${rewritten.length} of ${after.size} files rewritten`).toEqual([]);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  }, 240_000);
});
