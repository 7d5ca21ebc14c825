// N simulated points connect, join and check in at once, against the real
// server (PostgreSQL, info logging) and against a bare socket.io echo server.
//
//   npm run bench:attendance                 # N = 69, 700, 3400
//   npm run bench:attendance -- 69 700       # chosen N
//
// Needs the local PostgreSQL (BENCH_DATABASE_URL, default the tests' one).
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { credentialTokenHash } from '../src/modules/auth/credential-tokens.js';
import { freePort, machine, percentile, procStats, startProcess } from './support.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = 'bench-admin-password';

interface RunResult {
  allDoneMs: number;
  joinAck: number[];
  checkInAck: number[];
  failures: number;
  cpuSeconds: number;
  rssPerPointBytes: number;
}

/** Every client: connect, `session:join` (ack), `attendance:check-in` (ack); all at once. */
async function runClients(
  url: string,
  pid: number,
  tokens: string[],
  sessionId: string,
): Promise<RunResult> {
  const before = procStats(pid);
  const joinAck: number[] = [];
  const checkInAck: number[] = [];
  let failures = 0;
  const errors = new Map<string, number>();
  const sockets: Socket[] = [];
  const start = performance.now();
  await Promise.all(
    tokens.map(
      (token) =>
        new Promise<void>((resolve) => {
          const socket = io(url, {
            transports: ['websocket'],
            reconnection: false,
            auth: { token },
            timeout: 60_000,
          });
          sockets.push(socket);
          socket.once('connect', async () => {
            try {
              let t = performance.now();
              const joined = await socket
                .timeout(60_000)
                .emitWithAck('session:join', { sessionId });
              joinAck.push(performance.now() - t);
              t = performance.now();
              const checked = await socket.timeout(60_000).emitWithAck('attendance:check-in', {
                sessionId,
                delegates: [{ name: 'Đại biểu', title: 'Trưởng ban' }],
              });
              checkInAck.push(performance.now() - t);
              if (!joined.ok || !checked.ok) {
                failures++;
                errors.set(
                  JSON.stringify(joined.ok ? checked.error : joined.error),
                  (errors.get(JSON.stringify(joined.ok ? checked.error : joined.error)) ?? 0) + 1,
                );
              }
            } catch (err) {
              failures++;
              errors.set(String(err), (errors.get(String(err)) ?? 0) + 1);
            }
            resolve();
          });
          socket.once('connect_error', () => {
            failures++;
            resolve();
          });
        }),
    ),
  );
  const allDoneMs = performance.now() - start;
  if (errors.size > 0) console.error('failures:', Object.fromEntries(errors));
  await new Promise((r) => setTimeout(r, 1000)); // let the last writes settle before reading memory
  const after = procStats(pid);
  for (const s of sockets) s.close();
  return {
    allDoneMs,
    joinAck,
    checkInAck,
    failures,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    rssPerPointBytes: (after.rssBytes - before.rssBytes) / tokens.length,
  };
}

async function benchGiaoban(n: number): Promise<RunResult> {
  const name = `giaoban_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'src/server.ts',
    {
      DATABASE_URL: dbUrl.toString(),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ADMIN_PASSWORD,
      MEDIASOUP_WORKERS: '1',
      RTC_LISTEN_IP: '127.0.0.1',
      RTC_PORT: '0',
    },
    async () => (await fetch(`${url}/ready`)).ok,
  );
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  try {
    const http = async (
      method: string,
      path: string,
      body?: unknown,
      token?: string,
      type = 'application/json',
    ): Promise<any> => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const { token } = await http('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    const codes = Array.from({ length: n - 1 }, (_, i) => `diem-${String(i + 1).padStart(5, '0')}`);
    const csv = ['code,name,kind,parent_code', 'trung-uong,Điểm cầu chính,central-hall,']
      .concat(codes.map((c, i) => `${c},Điểm cầu số ${i + 1},province,trung-uong`))
      .join('\n');
    await http('POST', '/api/v1/points/import', csv, token, 'text/csv');
    // Credentials straight into the database: issuing 3,400 over HTTP is not what is measured.
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
    await http('POST', `/api/v1/sessions/${session.id}/status`, { status: 'checkin' }, token);
    const result = await runClients(url, server.child.pid as number, tokens, session.id);
    const checked = await db.query(
      'select count(*)::int as n from attendance where checked_in_at is not null',
    );
    if (checked.rows[0].n !== n)
      throw new Error(`expected ${n} check-ins, found ${checked.rows[0].n}`);
    return result;
  } finally {
    await db.end();
    await server.stop();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function benchBaseline(n: number): Promise<RunResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'bench/baseline-server.ts',
    { PORT: String(port) },
    async () => (await fetch(url)).ok,
  );
  try {
    const tokens = Array.from({ length: n }, () =>
      createHash('sha1').update(randomBytes(8)).digest('hex'),
    );
    return await runClients(
      url,
      server.child.pid as number,
      tokens,
      '00000000-0000-4000-8000-000000000000',
    );
  } finally {
    await server.stop();
  }
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const ns = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 1);
console.log(`# attendance benchmark — ${new Date().toISOString()}\n# ${machine()}\n`);
console.log(
  '| N | server | all checked in | join ack p50 / p99 | check-in ack p50 / p99 | server CPU | memory / point | failures |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const n of ns.length ? ns : [69, 700, 3400]) {
  const ours = await benchGiaoban(n);
  const bare = await benchBaseline(n);
  for (const [label, r] of [
    ['giaoban', ours],
    ['bare socket.io', bare],
  ] as const) {
    console.log(
      `| ${n} | ${label} | ${ms(r.allDoneMs)} | ${ms(percentile(r.joinAck, 50))} / ${ms(percentile(r.joinAck, 99))} | ${ms(percentile(r.checkInAck, 50))} / ${ms(percentile(r.checkInAck, 99))} | ${r.cpuSeconds.toFixed(2)} s (${((100 * r.cpuSeconds) / (r.allDoneMs / 1000)).toFixed(0)} % of a core) | ${(r.rssPerPointBytes / 1024).toFixed(1)} KiB | ${r.failures} |`,
    );
  }
  console.log(
    `| ${n} | **ratio** | **${(ours.allDoneMs / bare.allDoneMs).toFixed(1)}×** | ${(percentile(ours.joinAck, 50) / percentile(bare.joinAck, 50)).toFixed(1)}× / ${(percentile(ours.joinAck, 99) / percentile(bare.joinAck, 99)).toFixed(1)}× | ${(percentile(ours.checkInAck, 50) / percentile(bare.checkInAck, 50)).toFixed(1)}× / ${(percentile(ours.checkInAck, 99) / percentile(bare.checkInAck, 99)).toFixed(1)}× | ${(ours.cpuSeconds / bare.cpuSeconds).toFixed(1)}× | | |`,
  );
}
