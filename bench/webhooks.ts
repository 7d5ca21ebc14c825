// Webhook delivery under a check-in burst: N points check in at once, one
// endpoint subscribed to check-ins receives a delivery per point. Measured:
// deliveries per second, and the latency from each point's check-in ack to
// its delivery's arrival at the receiver. Baseline in the same run: the same
// number of signed POSTs of the same size from this process to the same
// receiver, one at a time (what per-session ordering allows) and 8 at once.
//
//   npm run bench:webhooks            # N = 3400
//   npm run bench:webhooks -- 700     # chosen N
//
// Needs the local PostgreSQL (BENCH_DATABASE_URL, default the tests' one).
import { createHmac } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { freePort, machine, percentile, procStats, startGiaoban, startProcess } from './support.js';

const SECRET = 'whsec_bench-secret-0123456789abcdef';

const now = () => performance.timeOrigin + performance.now();

/** The receiver (bench/webhook-receiver.ts) in its own process. */
async function startReceiver() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'bench/webhook-receiver.ts',
    { PORT: String(port) },
    async () => (await fetch(`${base}/stats`)).ok,
  );
  const get = async <T>(path: string): Promise<T> => (await fetch(`${base}${path}`)).json() as T;
  return {
    url: `${base}/hook`,
    stats: () => get<{ deliveries: number; requests: number }>('/stats'),
    arrivals: async () => new Map(Object.entries(await get<Record<string, number>>('/arrivals'))),
    reset: async () => {
      await fetch(`${base}/reset`, { method: 'POST' });
    },
    close: () => server.stop(),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Every point connects and checks in at once; resolves with each one's ack time. */
async function storm(url: string, sessionId: string, tokens: string[], codes: string[]) {
  const acks = new Map<string, number>();
  const sockets: Socket[] = [];
  let failures = 0;
  await Promise.all(
    tokens.map(
      (token, i) =>
        new Promise<void>((resolve) => {
          const socket = io(url, {
            transports: ['websocket'],
            reconnection: false,
            auth: { token },
            timeout: 120_000,
          });
          sockets.push(socket);
          socket.once('connect', async () => {
            try {
              await socket.timeout(120_000).emitWithAck('session:join', { sessionId });
              const ack = await socket.timeout(120_000).emitWithAck('attendance:check-in', {
                sessionId,
                delegates: [{ name: 'Đại biểu', title: 'Trưởng ban' }],
              });
              if (ack.ok) acks.set(codes[i] as string, now());
              else failures++;
            } catch {
              failures++;
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
  const close = () => {
    for (const s of sockets) s.close();
  };
  return { acks, failures, close };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

/** Bare POSTs of a delivery's size and headers, `concurrency` in flight. */
async function bare(receiver: Receiver, n: number, concurrency: number) {
  await receiver.reset();
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const body = JSON.stringify({
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          type: 'attendance.checked-in',
          occurredAt: new Date().toISOString(),
          sessionId: '00000000-0000-4000-8000-000000000000',
          data: { code: `bare-${i}`, late: false, delegates: 1, at: new Date().toISOString() },
        });
        const t = Math.floor(Date.now() / 1000);
        const sig = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
        const sent = performance.now();
        const res = await fetch(receiver.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'giaoban-signature': `t=${t},v1=${sig}`,
          },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const n = Number(process.argv[2] ?? 3400);
console.log(`# webhooks benchmark — ${new Date().toISOString()}\n# ${machine()}\n`);
const receiver = await startReceiver();
const g = await startGiaoban(n, { status: 'checkin' });
let result: Record<string, string | number> = {};
try {
  const res = await fetch(`${g.url}/api/v1/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${g.token}` },
    body: JSON.stringify({ url: receiver.url, secret: SECRET, events: ['attendance.checked-in'] }),
  });
  if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${await res.text()}`);
  const codes = (
    await g.db.query<{ code: string }>('select code from points order by code')
  ).rows.map((r) => r.code);
  const cpuBefore = procStats(g.pid).cpuSeconds;
  const started = now();
  const s = await storm(g.url, g.sessionId, g.tokens, codes);
  const acked = now();
  const duringBurst = (await receiver.stats()).deliveries;
  const all = await waitFor(
    async () => (await receiver.stats()).deliveries >= s.acks.size,
    10 * 60_000,
  );
  const done = now();
  const cpu = procStats(g.pid).cpuSeconds - cpuBefore;
  s.close();
  const latencies: number[] = [];
  const arrivalsByCode = await receiver.arrivals();
  const stats = await receiver.stats();
  for (const [code, ackAt] of s.acks) {
    const arrived = arrivalsByCode.get(code);
    if (arrived !== undefined) latencies.push(arrived - ackAt);
  }
  const arrivals = [...arrivalsByCode.values()].sort((a, b) => a - b);
  const first = arrivals[0] ?? done;
  const last = arrivals.at(-1) ?? done;
  const attempts = await g.db.query<{ n: number; failed: number }>(
    'select count(*)::int as n, count(*) filter (where not ok)::int as failed from webhook_deliveries',
  );
  result = {
    checkIns: s.acks.size,
    checkInFailures: s.failures,
    burstSeconds: ((acked - started) / 1000).toFixed(1),
    deliveredDuringBurst: duringBurst,
    delivered: stats.deliveries,
    requests: stats.requests,
    allDelivered: String(all),
    deliveriesPerSecond: (stats.deliveries / ((last - first) / 1000)).toFixed(0),
    lastDeliveryAfterLastAckSeconds: ((last - acked) / 1000).toFixed(1),
    latencyP50ms: percentile(latencies, 50).toFixed(0),
    latencyP99ms: percentile(latencies, 99).toFixed(0),
    serverCpuSeconds: cpu.toFixed(1),
    loggedAttempts: attempts.rows[0]?.n ?? 0,
    failedAttempts: attempts.rows[0]?.failed ?? 0,
  };
} finally {
  await g.stop();
}
const serial = await bare(receiver, n, 1);
const parallel = await bare(receiver, n, 8);
await receiver.close();

console.log('| what | value |');
console.log('|---|---|');
for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${v} |`);
console.log('\n| baseline: bare signed POSTs from one process | deliveries/s | p50 | p99 |');
console.log('|---|---|---|---|');
for (const [label, r] of [
  ['one at a time (as one session is delivered)', serial],
  ['8 at once', parallel],
] as const) {
  console.log(
    `| ${label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms |`,
  );
}
process.exit(0);
