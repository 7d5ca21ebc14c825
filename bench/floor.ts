// The floor at national scale: with N points connected, a moderator grants
// the floor; how long until every client has floor:granted? And 70 points
// press "request to speak" in the same moment: how long until all are acked
// with unique positions? Against the real server (PostgreSQL) and, in the
// same run, a bare socket.io server broadcasting the same payload.
//
//   npm run bench:floor                 # N = 69, 700, 3400
//   npm run bench:floor -- 69 700
import { io, type Socket } from 'socket.io-client';
import { freePort, machine, percentile, startGiaoban, startProcess } from './support.js';

const ROUNDS = 5;
const REQUESTERS = 70;

interface Result {
  fanout: number[]; // per client and round: ms from the grant until floor:granted arrived
  requestAllMs: number; // 70 requests at once until the last ack
  positionsUnique: boolean;
}

function connectAll(
  url: string,
  tokens: string[],
  auth: (t: string) => Record<string, string>,
  ready: string,
) {
  return Promise.all(
    tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(url, {
            transports: ['websocket'],
            reconnection: false,
            auth: auth(token),
            timeout: 120_000,
          });
          socket.once(ready, () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
}

/** The same measurement against either server. */
async function measure(
  points: Socket[],
  moderator: Socket,
  sessionId: string,
  grantPayload: (round: number, entries: string[]) => Record<string, unknown>,
  between: (round: number) => Promise<void>,
): Promise<Result> {
  const requesters = points.slice(0, Math.min(REQUESTERS, points.length));
  let start = performance.now();
  const acks = await Promise.all(
    requesters.map((s, i) =>
      s.timeout(60_000).emitWithAck('speaker:request', { sessionId, topic: `Ý kiến ${i}` }),
    ),
  );
  const requestAllMs = performance.now() - start;
  const positions = acks.map((a) => a.data.position as number).sort((a, b) => a - b);
  const positionsUnique =
    positions.length === requesters.length && positions.every((p, i) => p === i + 1);
  const entries = acks.map((a) => a.data.entryId as string);

  const fanout: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const arrived = points.map(
      (s) =>
        new Promise<number>((resolve) => s.once('floor:granted', () => resolve(performance.now()))),
    );
    start = performance.now();
    const ack = await moderator
      .timeout(60_000)
      .emitWithAck('speaker:grant', grantPayload(round, entries));
    if (!ack.ok) throw new Error(`grant: ${JSON.stringify(ack)}`);
    for (const t of await Promise.all(arrived)) fanout.push(t - start);
    await between(round);
    // Let this round's broadcasts (end of speech, queue updates) settle before the next grant.
    await new Promise((r) => setTimeout(r, 1500));
  }
  return { fanout, requestAllMs, positionsUnique };
}

async function benchGiaoban(n: number): Promise<Result> {
  const g = await startGiaoban(n, { status: 'live' });
  const sockets: Socket[] = [];
  try {
    // Every point joins the session by its handshake; the first 70 check in so they may ask.
    const points = await connectAll(
      g.url,
      g.tokens,
      (token) => ({ token, sessionId: g.sessionId }),
      'session:snapshot',
    );
    sockets.push(...points);
    await Promise.all(
      points.slice(0, Math.min(REQUESTERS, n)).map((s) =>
        s.timeout(60_000).emitWithAck('attendance:check-in', {
          sessionId: g.sessionId,
          delegates: [{ name: 'Đại biểu' }],
        }),
      ),
    );
    const [moderator] = await connectAll(g.url, [g.token], (token) => ({ token }), 'connect');
    sockets.push(moderator as Socket);
    return await measure(
      points,
      moderator as Socket,
      g.sessionId,
      (round, entries) => ({ sessionId: g.sessionId, entryId: entries[round], seconds: 600 }),
      async () => {
        const ended = await (moderator as Socket)
          .timeout(60_000)
          .emitWithAck('speaker:end', { sessionId: g.sessionId });
        if (!ended.ok) throw new Error(`end: ${JSON.stringify(ended)}`);
      },
    );
  } finally {
    for (const s of sockets) s.close();
    await g.stop();
  }
}

async function benchBaseline(n: number): Promise<Result> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'bench/baseline-server.ts',
    { PORT: String(port) },
    async () => (await fetch(url)).ok,
  );
  const sockets: Socket[] = [];
  try {
    const points = await connectAll(
      url,
      Array.from({ length: n }, (_, i) => String(i)),
      () => ({}),
      'connect',
    );
    const [moderator] = await connectAll(url, ['m'], () => ({}), 'connect');
    sockets.push(...points, moderator as Socket);
    // The same payload our server sends with floor:granted.
    const floor = (round: number, entries: string[]) => ({
      sessionId: '00000000-0000-4000-8000-000000000000',
      entryId: entries[round],
      code: 'diem-00001',
      name: 'Điểm cầu số 1',
      topic: `Ý kiến ${round}`,
      agendaPosition: null,
      startedAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 600_000).toISOString(),
      seconds: 600,
      overrun: 'end',
    });
    return await measure(points, moderator as Socket, 'baseline', floor, async () => {});
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const ns = process.argv
  .slice(2)
  .map(Number)
  // Any size from 2 up: min(70, N) of them ask for the floor.
  .filter((n) => Number.isInteger(n) && n >= 2);
console.log(`# floor benchmark — ${new Date().toISOString()}\n# ${machine()}\n`);
console.log(
  '| N | server | floor:granted at every client p50 / p99 / max | min(70, N) requests at once, all acked | positions 1..k unique |',
);
console.log('|---|---|---|---|---|');
for (const n of ns.length ? ns : [69, 700, 3400]) {
  const ours = await benchGiaoban(n);
  const bare = await benchBaseline(n);
  for (const [label, r] of [
    ['giaoban', ours],
    ['bare socket.io', bare],
  ] as const) {
    console.log(
      `| ${n} | ${label} | ${ms(percentile(r.fanout, 50))} / ${ms(percentile(r.fanout, 99))} / ${ms(Math.max(...r.fanout))} | ${ms(r.requestAllMs)} | ${r.positionsUnique ? 'yes' : 'NO'} |`,
    );
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  console.log(
    `| ${n} | **ratio** | ${ratio(percentile(ours.fanout, 50), percentile(bare.fanout, 50))} / ${ratio(percentile(ours.fanout, 99), percentile(bare.fanout, 99))} / ${ratio(Math.max(...ours.fanout), Math.max(...bare.fanout))} | ${ratio(ours.requestAllMs, bare.requestAllMs)} | |`,
  );
}
