// The control-plane benchmark's baseline (bench/control-plane.ts): a bare
// socket.io server, started as its own process from this file, broadcasting
// the payloads giaoban sent the way the first protocol did — every roll call
// and queue change in full to every socket — and the run that drives it.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import {
  type Ack,
  type Client,
  connectJoinCheckIn,
  everyone,
  Meter,
  open,
  type Phase,
  type PhaseResult,
  type Recorded,
  type RunResult,
  settle,
  startPhase,
  until,
} from './control-clients.js';
import { freePort, startProcess } from './support.js';

export async function benchBare(n: number, rec: Recorded): Promise<RunResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'bench/control-bare.ts',
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
// The bare server: this file, started as its own process.

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
}
