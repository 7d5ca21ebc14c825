import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildServer } from '../src/build.js';
import { loadConfig } from '../src/config.js';
import { credentialTokenHash } from '../src/modules/auth/credential-tokens.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
export function procStats(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const rssKb = Number(
    /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1],
  );
  return { cpuSeconds, rssBytes: rssKb * 1024 };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Starts a TypeScript entry point as its own process and waits until `ready(url)` answers. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  // BENCH_SERVER_LOG=<file> keeps the server's log for a look afterwards.
  const logFile = process.env.BENCH_SERVER_LOG;
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server there.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFile ? openSync(logFile, 'a') : 'ignore', 'inherit'],
  });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = 'bench-admin-password';

export interface Giaoban {
  url: string;
  pid: number;
  /** The secretariat's login token. */
  token: string;
  /** One operator credential per point, in code order (the central hall first). */
  tokens: string[];
  sessionId: string;
  /** A connection to the server's database. */
  db: pg.Client;
  /** The app itself when it runs in this process (`inProcess`). */
  app?: FastifyInstance;
  stop(): Promise<void>;
}

/**
 * The real server as its own process on a fresh PostgreSQL database, with N
 * points (the central hall and N−1 provinces), a credential each, and an
 * urgent session inviting all of them, moved to `status`.
 */
export async function startGiaoban(
  n: number,
  options: {
    status: 'checkin' | 'live';
    /** In this process, so a benchmark can reach the media room (fake points on plain RTP). */
    inProcess?: boolean;
  },
): Promise<Giaoban> {
  const name = `giaoban_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: options.inProcess ? 'warn' : 'info',
    ADMIN_PASSWORD,
    MEDIASOUP_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
  };
  let app: FastifyInstance | undefined;
  let server: { child?: ChildProcess; stop(): Promise<void> };
  if (options.inProcess) {
    const built = await buildServer({ config: loadConfig({ ...process.env, ...env }) });
    await built.listen({ host: '127.0.0.1', port });
    app = built;
    server = { stop: () => built.close() };
  } else {
    server = await startProcess('src/server.ts', env, async () => (await fetch(`${url}/ready`)).ok);
  }
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const http = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    type = 'application/json',
  ) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  const { token } = await http('POST', '/api/v1/auth/login', {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  const codes = Array.from({ length: n - 1 }, (_, i) => `diem-${String(i + 1).padStart(5, '0')}`);
  const csv = ['code,name,kind,parent_code', 'a-trung-uong,Điểm cầu chính,central-hall,']
    .concat(codes.map((c, i) => `${c},Điểm cầu số ${i + 1},province,a-trung-uong`))
    .join('\n');
  await http('POST', '/api/v1/points/import', csv, token, 'text/csv');
  // Credentials straight into the database: issuing thousands over HTTP is not what is measured.
  const ids = (await db.query<{ id: string }>('select id from points order by code')).rows;
  const tokens = ids.map(() => `gbp_${randomBytes(32).toString('base64url')}`);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const values = chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(',');
    await db.query(
      `insert into point_credentials (point_id, token_hash) values ${values}`,
      chunk.flatMap((p, j) => [p.id, credentialTokenHash(tokens[i + j] as string)]),
    );
  }
  const session = await http(
    'POST',
    '/api/v1/sessions',
    {
      title: 'Benchmark',
      kind: 'monthly',
      urgent: true,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    },
    token,
  );
  for (const status of options.status === 'live' ? ['checkin', 'live'] : ['checkin']) {
    await http('POST', `/api/v1/sessions/${session.id}/status`, { status }, token);
  }
  return {
    url,
    pid: server.child?.pid ?? process.pid,
    ...(app ? { app } : {}),
    token,
    tokens,
    sessionId: session.id,
    db,
    stop: async () => {
      await db.end();
      await server.stop();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
