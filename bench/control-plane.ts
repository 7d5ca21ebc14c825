// The control plane at national scale: what the server sends, in bytes, per
// receiver class (the points, the central hall, the people running the
// session) for the four things that touch every point: N points connect,
// join and check in at once; a roll call; 70 requests to speak (queue
// changes); a floor change. Against the real server (PostgreSQL, info
// logging) and, in the same run, a bare socket.io server broadcasting the
// same payloads the way the first protocol did: every roll call and queue
// change in full to every socket.
//
//   npm run bench:control                 # N = 3400
//   npm run bench:control -- 700 3400     # chosen N
//
// The bare run, same clients (N points with the hall first, one person):
// 1. connect, `session:join` and `attendance:check-in` answered by an echo;
// 2. `rollcall:started` and `rollcall:closed` as the person saw them (every
//    point listed) to every socket, each answer acked with our ack;
// 3. the 70 requests acked with our acks, then 70 `speaker:queue` to every
//    socket, the k-th carrying the first k entries of the whole queue;
// 4. the grant acked with our ack, then our `floor:granted` and the whole
//    queue after it to every socket.
//
// Bytes are those of the WebSocket frames each client receives (frame header
// + payload), read from engine.io-client's packets: exact on the wire above
// TCP (no compression: socket.io's default, and the server's).
// Needs the local PostgreSQL (BENCH_DATABASE_URL, default the tests' one).
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { freePort, machine, startGiaoban, startProcess } from './support.js';

const REQUESTERS = 70;
const ROLLCALL_SECONDS = 10;
const BOUND_ROLLCALL_BYTES = 5_000_000;

// ---------------------------------------------------------------------------
// Counting.

type Cls = 'points' | 'hall' | 'staff';
const CLASSES: readonly Cls[] = ['points', 'hall', 'staff'];
type Phase = 'connect + join + check-in' | 'roll call' | 'queue changes' | 'floor change';
const PHASES: readonly Phase[] = [
  'connect + join + check-in',
  'roll call',
  'queue changes',
  'floor change',
];

/** Bytes and messages received, by class and event, since the last reset. */
class Meter {
  counts = new Map<string, { bytes: number; messages: number }>();
  lastAt = performance.now();

  add(cls: Cls, event: string, bytes: number) {
    const key = `${cls}\t${event}`;
    const c = this.counts.get(key) ?? { bytes: 0, messages: 0 };
    c.bytes += bytes;
    c.messages += 1;
    this.counts.set(key, c);
    this.lastAt = performance.now();
  }

  reset() {
    this.counts = new Map();
  }

  snapshot(): Map<string, { bytes: number; messages: number }> {
    return new Map([...this.counts].map(([k, v]) => [k, { ...v }]));
  }
}

/** A frame from the server is unmasked: 2 bytes of header, 4 from 126 bytes, 10 from 64 KiB. */
function frameBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}

/** Event name of a socket.io packet in its text form: `2["name",…]`, `3<id>[…]` (an ack). */
function eventOf(data: string): string {
  if (data.startsWith('2')) return /^2\d*\["([^"]*)"/.exec(data)?.[1] ?? 'event?';
  if (data.startsWith('3')) return 'ack';
  if (data.startsWith('0')) return 'socket.io connect';
  return `socket.io type ${data[0]}`;
}

interface Client {
  socket: Socket;
  cls: Cls;
  /** Events received since the phase began, and the last payload of each. */
  seen: Map<string, number>;
  last: Map<string, unknown>;
}

/** `keepLast`: keep the last payload of each event (not in the bare run, where it would hold N² entries). */
function open(
  url: string,
  auth: Record<string, string>,
  cls: Cls,
  meter: Meter,
  keepLast = true,
): Client {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
    timeout: 120_000,
  });
  const client: Client = { socket, cls, seen: new Map(), last: new Map() };
  // The manager opens the engine at once (autoConnect): nothing arrives unseen.
  socket.io.engine.on('packet', (packet) => {
    const data = packet.data;
    if (packet.type === 'message' && typeof data === 'string') {
      // engine.io's type '4' + socket.io's packet
      meter.add(cls, eventOf(data), frameBytes(Buffer.byteLength(data) + 1));
    } else {
      const size =
        data === undefined
          ? 0
          : typeof data === 'string'
            ? Buffer.byteLength(data)
            : (data as ArrayBuffer).byteLength;
      meter.add(cls, `engine.io ${packet.type}`, frameBytes(size + 1));
    }
  });
  socket.onAny((event: string, payload: unknown) => {
    client.seen.set(event, (client.seen.get(event) ?? 0) + 1);
    if (keepLast) client.last.set(event, payload);
  });
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, deadlineMs: number): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > deadlineMs) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

/** Waits until nothing has arrived anywhere for `quietMs` (late coalesced broadcasts). */
async function settle(meter: Meter, quietMs: number, maxMs = 15_000) {
  const start = performance.now();
  while (performance.now() - meter.lastAt < quietMs && performance.now() - start < maxMs)
    await sleep(50);
}

function startPhase(meter: Meter, clients: Client[]) {
  meter.reset();
  for (const c of clients) c.seen.clear();
}

const everyone = (clients: Client[], event: string, count = 1) =>
  clients.every((c) => (c.seen.get(event) ?? 0) >= count);

async function connectJoinCheckIn(
  clients: Client[],
  sessionId: string,
  reply: (joined: boolean) => unknown,
): Promise<{ ms: number; failures: number; errors: Map<string, number> }> {
  let failures = 0;
  const errors = new Map<string, number>();
  const fail = (why: string) => {
    failures++;
    errors.set(why, (errors.get(why) ?? 0) + 1);
  };
  const start = performance.now();
  await Promise.all(
    clients.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          socket.once('connect', async () => {
            try {
              const joined = await socket
                .timeout(120_000)
                .emitWithAck('session:join', { sessionId, reply: reply(true) });
              const checked = await socket.timeout(120_000).emitWithAck('attendance:check-in', {
                sessionId,
                delegates: [{ name: 'Đại biểu', title: 'Trưởng ban' }],
                reply: reply(false),
              });
              if (!joined.ok) fail(JSON.stringify(joined.error));
              else if (!checked.ok) fail(JSON.stringify(checked.error));
            } catch (err) {
              fail(String(err));
            }
            resolve();
          });
          socket.once('connect_error', (err) => {
            fail(`connect_error ${err.message}`);
            resolve();
          });
        }),
    ),
  );
  return { ms: performance.now() - start, failures, errors };
}

// ---------------------------------------------------------------------------
// One run against either server.

interface PhaseResult {
  counts: Map<string, { bytes: number; messages: number }>;
  /** What the phase's time means, and the time. */
  time: string;
  ms: number;
}

/** What the giaoban run saw, replayed by the bare one. */
interface Recorded {
  rollCallStarted: unknown; // the full view, as the people running the session get it
  rollCallClosed: unknown;
  answerAck: unknown;
  requestAcks: unknown[];
  fullQueue: { queue: unknown[] } & Record<string, unknown>; // 70 entries
  grantAck: unknown;
  floorGranted: unknown;
  queueAfterGrant: unknown;
}

interface RunResult {
  phases: Map<Phase, PhaseResult>;
  notes: string[];
}

type Ack = { ok: boolean; data?: unknown; error?: unknown };

async function benchGiaoban(n: number): Promise<{ run: RunResult; recorded: Recorded }> {
  const g = await startGiaoban(n, { status: 'live' });
  const meter = new Meter();
  const phases = new Map<Phase, PhaseResult>();
  const notes: string[] = [];
  const clients: Client[] = [];
  try {
    const sessionId = g.sessionId;
    const staff = open(g.url, { token: g.token }, 'staff', meter);
    clients.push(staff);
    await new Promise<void>((r) => staff.socket.once('connect', () => r()));
    const staffJoined: Ack = await staff.socket
      .timeout(60_000)
      .emitWithAck('session:join', { sessionId });
    if (!staffJoined.ok) throw new Error(`staff join: ${JSON.stringify(staffJoined)}`);
    await settle(meter, 500);

    // 1. Every point at once (the first token is the central hall).
    startPhase(meter, clients);
    const points = g.tokens.map((token, i) =>
      open(g.url, { token }, i === 0 ? 'hall' : 'points', meter),
    );
    clients.push(...points);
    const joined = await connectJoinCheckIn(points, sessionId, () => undefined);
    if (joined.failures > 0) notes.push(`check-in failures: ${JSON.stringify([...joined.errors])}`);
    await settle(meter, 1000);
    phases.set('connect + join + check-in', {
      counts: meter.snapshot(),
      time: 'all checked in',
      ms: joined.ms,
    });
    const checked = await g.db.query(
      'select count(*)::int as n from attendance where checked_in_at is not null',
    );
    if (checked.rows[0].n !== n) notes.push(`${checked.rows[0].n} of ${n} checked in`);

    // 2. A roll call: every point answers as soon as it hears of it.
    startPhase(meter, clients);
    const answers: Promise<Ack>[] = [];
    for (const p of points)
      p.socket.once('rollcall:started', (view: { rollCallId: string }) => {
        answers.push(
          p.socket
            .timeout(60_000)
            .emitWithAck('rollcall:answer', { sessionId, rollCallId: view.rollCallId }),
        );
      });
    let start = performance.now();
    const started: Ack = await staff.socket
      .timeout(60_000)
      .emitWithAck('rollcall:start', { sessionId, seconds: ROLLCALL_SECONDS });
    if (!started.ok) throw new Error(`rollcall:start: ${JSON.stringify(started)}`);
    await until('rollcall:started everywhere', () => everyone(clients, 'rollcall:started'), 30_000);
    await until('every answer sent', () => answers.length === points.length, 30_000);
    const answerAcks = await Promise.all(answers.map((a) => a.catch((e) => ({ ok: false, e }))));
    const answeredMs = performance.now() - start;
    const refused = answerAcks.filter((a) => !a.ok).length;
    if (refused > 0) notes.push(`roll call: ${refused} answers refused or timed out`);
    await until(
      'rollcall:closed everywhere',
      () => everyone(clients, 'rollcall:closed'),
      (ROLLCALL_SECONDS + 20) * 1000,
    );
    await settle(meter, 1000);
    phases.set('roll call', {
      counts: meter.snapshot(),
      time: 'all answers acked',
      ms: answeredMs,
    });
    const closedView = staff.last.get('rollcall:closed') as { answeredCount: number };
    if (closedView.answeredCount !== n)
      notes.push(`roll call closed with ${closedView.answeredCount} of ${n} answered`);

    // 3. Requests to speak from 70 distinct points, at once.
    startPhase(meter, clients);
    const requesters = points.slice(1, 1 + Math.min(REQUESTERS, n - 1));
    const k = requesters.length;
    start = performance.now();
    const requestAcks: Ack[] = await Promise.all(
      requesters.map((p, i) =>
        p.socket
          .timeout(60_000)
          .emitWithAck('speaker:request', { sessionId, topic: `Ý kiến ${i + 1}` }),
      ),
    );
    const requestsMs = performance.now() - start;
    const badRequests = requestAcks.filter((a) => !a.ok);
    if (badRequests.length > 0)
      throw new Error(`speaker:request: ${JSON.stringify(badRequests[0])}`);
    const queueLength = (c: Client) =>
      (c.last.get('speaker:queue') as { length?: number } | undefined)?.length ?? -1;
    await until('staff sees the whole queue', () => queueLength(staff) === k, 30_000);
    await until(
      'every point sees the whole queue',
      () => clients.every((c) => queueLength(c) === k),
      30_000,
    );
    await settle(meter, 1500);
    phases.set('queue changes', {
      counts: meter.snapshot(),
      time: `${k} requests acked`,
      ms: requestsMs,
    });
    const fullQueue = staff.last.get('speaker:queue') as Recorded['fullQueue'];
    if (fullQueue.queue.length !== k)
      notes.push(`staff queue has ${fullQueue.queue.length} of ${k}`);

    // 4. The floor to the head of the queue.
    startPhase(meter, clients);
    const head = fullQueue.queue[0] as { entryId: string };
    start = performance.now();
    const grantAck: Ack = await staff.socket
      .timeout(60_000)
      .emitWithAck('speaker:grant', { sessionId, entryId: head.entryId, seconds: 60 });
    if (!grantAck.ok) throw new Error(`speaker:grant: ${JSON.stringify(grantAck)}`);
    await until('floor:granted everywhere', () => everyone(clients, 'floor:granted'), 30_000);
    const fanoutMs = performance.now() - start;
    // The queue changes with the grant: its broadcasts (staff 100 ms, points 1 s) belong here.
    await until('the queue after the grant', () => queueLength(staff) === k - 1, 30_000);
    await settle(meter, 1500);
    phases.set('floor change', {
      counts: meter.snapshot(),
      time: 'floor:granted at every client',
      ms: fanoutMs,
    });

    return {
      run: { phases, notes },
      recorded: {
        rollCallStarted: staff.last.get('rollcall:started'),
        rollCallClosed: staff.last.get('rollcall:closed'),
        answerAck: answerAcks[0],
        requestAcks,
        fullQueue,
        grantAck,
        floorGranted: points[1]?.last.get('floor:granted'),
        queueAfterGrant: staff.last.get('speaker:queue'),
      },
    };
  } finally {
    for (const c of clients) c.socket.close();
    await g.stop();
  }
}

async function benchBare(n: number, rec: Recorded): Promise<RunResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'bench/control-plane.ts',
    { PORT: String(port), BENCH_CONTROL_ROLE: 'bare-server' },
    async () => (await fetch(url)).ok,
  );
  const meter = new Meter();
  const phases = new Map<Phase, PhaseResult>();
  const notes: string[] = [];
  const clients: Client[] = [];
  const sessionId = '00000000-0000-4000-8000-000000000000';
  try {
    const staff = open(url, {}, 'staff', meter, false);
    clients.push(staff);
    await new Promise<void>((r) => staff.socket.once('connect', () => r()));
    await staff.socket.timeout(60_000).emitWithAck('session:join', { sessionId });
    const broadcast = async (event: string, payload: unknown) => {
      const ack: Ack = await staff.socket
        .timeout(60_000)
        .emitWithAck('bare:broadcast', { event, payload });
      if (!ack.ok) throw new Error(`bare:broadcast ${event}`);
    };
    await settle(meter, 500);

    // 1. Echo acks: the transport's floor.
    startPhase(meter, clients);
    const points = Array.from({ length: n }, (_, i) =>
      open(url, {}, i === 0 ? 'hall' : 'points', meter, false),
    );
    clients.push(...points);
    const joined = await connectJoinCheckIn(points, sessionId, () => undefined);
    if (joined.failures > 0) notes.push(`bare check-in failures: ${joined.failures}`);
    await settle(meter, 1000);
    phases.set('connect + join + check-in', {
      counts: meter.snapshot(),
      time: 'all checked in',
      ms: joined.ms,
    });

    // 2. The roll call in full to everyone, answers acked with our answer.
    startPhase(meter, clients);
    const answers: Promise<Ack>[] = [];
    for (const p of points)
      p.socket.once('rollcall:started', () => {
        answers.push(
          p.socket
            .timeout(60_000)
            .emitWithAck('rollcall:answer', { sessionId, reply: rec.answerAck }),
        );
      });
    let start = performance.now();
    await broadcast('rollcall:started', rec.rollCallStarted);
    await until('rollcall:started everywhere', () => everyone(clients, 'rollcall:started'), 60_000);
    await until('every answer sent', () => answers.length === points.length, 30_000);
    await Promise.all(answers);
    const answeredMs = performance.now() - start;
    await broadcast('rollcall:closed', rec.rollCallClosed);
    await until('rollcall:closed everywhere', () => everyone(clients, 'rollcall:closed'), 60_000);
    await settle(meter, 1000);
    phases.set('roll call', {
      counts: meter.snapshot(),
      time: 'all answers acked',
      ms: answeredMs,
    });

    // 3. The requests acked as ours were, then every change of the queue in full to everyone.
    startPhase(meter, clients);
    const requesters = points.slice(1, 1 + rec.requestAcks.length);
    start = performance.now();
    await Promise.all(
      requesters.map((p, i) =>
        p.socket.timeout(60_000).emitWithAck('speaker:request', {
          sessionId,
          topic: `Ý kiến ${i + 1}`,
          reply: rec.requestAcks[i],
        }),
      ),
    );
    const requestsMs = performance.now() - start;
    const entries = rec.fullQueue.queue;
    // One change at a time, each delivered everywhere before the next (as requests arrive).
    for (let i = 0; i < entries.length; i++) {
      await broadcast('speaker:queue', {
        sessionId: rec.fullQueue.sessionId,
        current: null,
        queue: entries.slice(0, i + 1),
      });
      await until(
        'the queue change everywhere',
        () => everyone(clients, 'speaker:queue', i + 1),
        60_000,
      );
    }
    await settle(meter, 1000);
    phases.set('queue changes', {
      counts: meter.snapshot(),
      time: `${requesters.length} requests acked`,
      ms: requestsMs,
    });

    // 4. The grant acked as ours was; floor:granted and the new queue in full to everyone.
    startPhase(meter, clients);
    start = performance.now();
    await staff.socket
      .timeout(60_000)
      .emitWithAck('speaker:grant', { sessionId, reply: rec.grantAck });
    await broadcast('floor:granted', rec.floorGranted);
    await until('floor:granted everywhere', () => everyone(clients, 'floor:granted'), 60_000);
    const fanoutMs = performance.now() - start;
    await broadcast('speaker:queue', rec.queueAfterGrant);
    await until('the queue everywhere', () => everyone(clients, 'speaker:queue'), 60_000);
    await settle(meter, 1000);
    phases.set('floor change', {
      counts: meter.snapshot(),
      time: 'floor:granted at every client',
      ms: fanoutMs,
    });
    return { phases, notes };
  } finally {
    for (const c of clients) c.socket.close();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------
// Report.

function bytesOf(
  counts: Map<string, { bytes: number; messages: number }>,
  cls?: Cls,
  event?: string,
): number {
  let sum = 0;
  for (const [key, c] of counts) {
    const [k, e] = key.split('\t');
    if ((cls === undefined || k === cls) && (event === undefined || e === event)) sum += c.bytes;
  }
  return sum;
}

/** giaoban ÷ bare; below 0.1 as a fraction (1/685), which reads better than 0.00×. */
const ratio = (a: number, b: number) =>
  a / b >= 0.1 || a === 0 ? `${(a / b).toFixed(2)}×` : `1/${Math.round(b / a)}`;

const fmt = (b: number) =>
  b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`;

async function main() {
  const ns = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 2);
  const command = `npm run bench:control${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  console.log(
    `# control-plane benchmark — ${new Date().toISOString()}\n# ${machine()}\n# ${command}\n`,
  );
  for (const n of ns.length ? ns : [3400]) {
    const wall = performance.now();
    const { run: ours, recorded } = await benchGiaoban(n);
    const bare = await benchBare(n, recorded);
    const receivers: Record<Cls | 'total', number> = {
      points: n - 1,
      hall: 1,
      staff: 1,
      total: n + 1,
    };
    console.log(`## N = ${n} (${n - 1} points, the central hall, one person of the secretariat)\n`);
    console.log(
      '| phase | class (receivers) | giaoban bytes: total (per receiver) | bare full-broadcast bytes: total (per receiver) | ratio |',
    );
    console.log('|---|---|---|---|---|');
    for (const phase of PHASES) {
      const o = ours.phases.get(phase);
      const b = bare.phases.get(phase);
      if (!o || !b) continue;
      for (const cls of [...CLASSES, 'total'] as const) {
        const ob = bytesOf(o.counts, cls === 'total' ? undefined : cls);
        const bb = bytesOf(b.counts, cls === 'total' ? undefined : cls);
        const per = receivers[cls];
        const bold = (s: string) => (cls === 'total' ? `**${s}**` : s);
        console.log(
          `| ${phase} | ${cls} (${per}) | ${bold(fmt(ob))} (${fmt(Math.round(ob / per))}) | ${bold(fmt(bb))} (${fmt(Math.round(bb / per))}) | ${bb > 0 ? bold(ratio(ob, bb)) : '–'} |`,
        );
      }
    }
    console.log('\nTimes (giaoban / bare):\n');
    for (const phase of PHASES) {
      const o = ours.phases.get(phase);
      const b = bare.phases.get(phase);
      if (o && b)
        console.log(`- ${phase}: ${o.time} ${o.ms.toFixed(0)} ms / ${b.ms.toFixed(0)} ms`);
    }
    const rollCall = ours.phases.get('roll call');
    if (rollCall) {
      const total = bytesOf(rollCall.counts);
      console.log(
        `\nAcceptance: a roll call at ${n} points sends ${fmt(total)} in total (bound < ${fmt(BOUND_ROLLCALL_BYTES)}): ${total < BOUND_ROLLCALL_BYTES ? 'met' : 'NOT met'}`,
      );
    }
    console.log('\ngiaoban, by event (bytes received; messages in brackets):\n');
    console.log('| phase | event | points | hall | staff |');
    console.log('|---|---|---|---|---|');
    for (const phase of PHASES) {
      const o = ours.phases.get(phase);
      if (!o) continue;
      const events = [...new Set([...o.counts.keys()].map((k) => k.split('\t')[1] as string))];
      events.sort((a, b) => bytesOf(o.counts, undefined, b) - bytesOf(o.counts, undefined, a));
      for (const event of events) {
        const cell = (cls: Cls) => {
          const c = o.counts.get(`${cls}\t${event}`);
          return c ? `${fmt(c.bytes)} (${c.messages})` : '–';
        };
        console.log(
          `| ${phase} | ${event} | ${cell('points')} | ${cell('hall')} | ${cell('staff')} |`,
        );
      }
    }
    for (const note of [...ours.notes, ...bare.notes]) console.log(`\nNOTE: ${note}`);
    console.log(`\nWall time for N = ${n}: ${((performance.now() - wall) / 1000).toFixed(1)} s\n`);
  }
}

// ---------------------------------------------------------------------------
// The bare server: this same file, started as its own process.

if (process.env.BENCH_CONTROL_ROLE === 'bare-server') {
  const http = createServer((_req, res) => res.end('ok'));
  const server = new Server(http, { serveClient: false, maxHttpBufferSize: 100_000_000 });
  server.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const payload = (args[0] ?? {}) as { event?: string; payload?: unknown; reply?: unknown };
      // The driver's broadcast: the payload to every socket, as is.
      if (event === 'bare:broadcast') {
        server.emit(payload.event as string, payload.payload);
        ack({ ok: true });
        return;
      }
      // Any other event: the answer given (the same as ours), or an echo.
      ack(payload.reply ?? { ok: true, data: payload });
    });
  });
  http.listen({ port: Number(process.env.PORT), host: '127.0.0.1', backlog: 4096 });
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
} else {
  await main();
}
