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
import { benchBare } from './control-bare.js';
import {
  type Ack,
  CLASSES,
  type Client,
  type Cls,
  connectJoinCheckIn,
  everyone,
  Meter,
  open,
  PHASES,
  type Phase,
  type PhaseResult,
  REQUESTERS,
  type Recorded,
  ROLLCALL_SECONDS,
  type RunResult,
  settle,
  startPhase,
  until,
} from './control-clients.js';
import { machine, startGiaoban } from './support.js';

const BOUND_ROLLCALL_BYTES = 5_000_000;

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

await main();
