// N simulated points connect, join and check in at once, against the real
// server (PostgreSQL, info logging) and against a bare socket.io echo server.
//
//   npm run bench:attendance                 # N = 69, 700, 3400
//   npm run bench:attendance -- 69 700       # chosen N
//
// Needs the local PostgreSQL (BENCH_DATABASE_URL, default the tests' one).
import { createHash, randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { freePort, machine, percentile, procStats, startGiaoban, startProcess } from './support.js';

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
  const g = await startGiaoban(n, { status: 'checkin' });
  try {
    const result = await runClients(g.url, g.pid, g.tokens, g.sessionId);
    const checked = await g.db.query(
      'select count(*)::int as n from attendance where checked_in_at is not null',
    );
    if (checked.rows[0].n !== n)
      throw new Error(`expected ${n} check-ins, found ${checked.rows[0].n}`);
    return result;
  } finally {
    await g.stop();
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
